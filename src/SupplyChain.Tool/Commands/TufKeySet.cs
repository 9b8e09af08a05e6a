using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Tool.Commands;

/// <summary>Loads private keys from their sources and disposes them at the end.</summary>
internal sealed class TufKeySet : IDisposable
{
    private readonly string? _passwordSource;
    private readonly IDiagnosticSink _sink;
    private readonly List<SigningKey> _keys = new();

    public TufKeySet(string? passwordSource, IDiagnosticSink sink)
    {
        _passwordSource = passwordSource;
        _sink = sink;
    }

    public IReadOnlyList<ISigner> Load(string[]? sources)
    {
        var result = new List<ISigner>();
        foreach (var source in sources ?? Array.Empty<string>())
        {
            var key = KeyLoader.LoadSigningKey(source, _passwordSource, _sink);
            _keys.Add(key);
            result.Add(key);
        }

        return result;
    }

    /// <summary>A key id as given, or the key id of a public or private key source.</summary>
    public string KeyIdOf(string value)
    {
        if (value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            return value;
        }

        try
        {
            return KeyLoader.LoadPublicKey(value).KeyId;
        }
        catch (SupplyChainException)
        {
            return Load(new[] { value })[0].KeyId;
        }
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }
}
