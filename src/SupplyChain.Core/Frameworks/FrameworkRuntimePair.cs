using System;

namespace SupplyChain.Core.Frameworks;

/// <summary>
/// The key of a restore graph: a target framework and an optional runtime identifier, written by NuGet as
/// <c>net10.0</c> or <c>net10.0/linux-x64</c> (and <c>.NETFramework,Version=v4.7.2/win7-x86</c>).
/// </summary>
/// <param name="Framework">The framework.</param>
/// <param name="RuntimeIdentifier">The runtime identifier, or null for the framework's portable graph.</param>
public sealed record FrameworkRuntimePair(TargetFrameworkName Framework, string? RuntimeIdentifier)
{
    /// <summary>Parses a graph key; the part after the last '/' is the runtime identifier. Throws <see cref="FormatException"/> when the framework part is empty.</summary>
    public static FrameworkRuntimePair Parse(string key)
        => TryParse(key, out var pair) ? pair : throw new FormatException($"'{key}' is not a restore graph name.");

    /// <summary>Parses a graph key; false when the framework part is empty.</summary>
    public static bool TryParse(string? key, out FrameworkRuntimePair pair)
    {
        pair = null!;
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var slash = key.LastIndexOf('/');
        var frameworkText = slash < 0 ? key : key[..slash];
        var rid = slash < 0 ? null : key[(slash + 1)..];
        if (!TargetFrameworkName.TryParse(frameworkText, out var framework))
        {
            return false;
        }

        pair = new FrameworkRuntimePair(framework, string.IsNullOrEmpty(rid) ? null : rid);
        return true;
    }

    /// <summary>True when both name the same framework and runtime identifier, whatever form the framework was written in.</summary>
    public bool Matches(FrameworkRuntimePair other)
        => Framework.Equals(other.Framework) && string.Equals(RuntimeIdentifier, other.RuntimeIdentifier, StringComparison.OrdinalIgnoreCase);

    /// <summary>The key as NuGet writes it.</summary>
    public override string ToString() => RuntimeIdentifier is null ? Framework.ToString() : Framework + "/" + RuntimeIdentifier;
}
