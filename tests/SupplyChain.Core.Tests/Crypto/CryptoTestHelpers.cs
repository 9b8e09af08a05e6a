using System;
using System.Collections.Generic;
using System.IO;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tests.Crypto;

/// <summary>A folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scsdk-crypto-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Sets environment variables with unique names for one test and removes them afterwards.</summary>
internal sealed class TestEnvironment : IDisposable
{
    private readonly List<string> _names = new();

    public string Set(string value)
    {
        var name = "SCSDK_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, value);
        _names.Add(name);
        return name;
    }

    public void Dispose()
    {
        foreach (var name in _names)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}

internal static class CryptoTestHelpers
{
    public static readonly KeyAlgorithm[] AllAlgorithms = { KeyAlgorithm.EcdsaP256, KeyAlgorithm.EcdsaP384, KeyAlgorithm.Rsa, KeyAlgorithm.Ed25519 };

    /// <summary>Keys are slow to make (RSA); tests share one per type. Never written to the repository.</summary>
    private static readonly Dictionary<KeyAlgorithm, SigningKey> s_keys = new();

    public static SigningKey SharedKey(KeyAlgorithm algorithm)
    {
        lock (s_keys)
        {
            if (!s_keys.TryGetValue(algorithm, out var key))
            {
                key = KeyGenerator.Generate(algorithm, rsaKeySize: 2048);
                s_keys[algorithm] = key;
            }

            return key;
        }
    }

    public static SupplyChainException ExpectCode(string code, Action action)
    {
        var ex = Assert.Throws<SupplyChainException>(action);
        Assert.Equal(code, ex.Diagnostic.Code);
        return ex;
    }

    public static SupplyChainException ExpectCode<T>(string code, Func<T> action)
    {
        var ex = Assert.Throws<SupplyChainException>(() => { _ = action(); });
        Assert.Equal(code, ex.Diagnostic.Code);
        return ex;
    }
}
