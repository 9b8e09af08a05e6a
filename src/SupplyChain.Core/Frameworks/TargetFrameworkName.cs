using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SupplyChain.Core.Frameworks;

/// <summary>
/// A target framework, read from either of the forms NuGet writes: the short folder name (<c>net10.0</c>,
/// <c>net472</c>, <c>netstandard2.0</c>, <c>net8.0-windows10.0.19041</c>) or the long name
/// (<c>.NETCoreApp,Version=v10.0</c>, <c>.NETFramework,Version=v4.7.2</c>). Two names are equal when they name the
/// same framework, whichever form they were written in. Any non-empty text parses: an identifier this type does not
/// know is kept as written, so it still equals itself.
/// </summary>
public sealed class TargetFrameworkName : IEquatable<TargetFrameworkName>
{
    /// <summary>The identifier of .NET 5 and later and of .NET Core.</summary>
    public const string NetCoreApp = ".NETCoreApp";

    /// <summary>The identifier of .NET Framework.</summary>
    public const string NetFramework = ".NETFramework";

    /// <summary>The identifier of .NET Standard.</summary>
    public const string NetStandard = ".NETStandard";

    private static readonly Dictionary<string, string> s_shortToLong = new(StringComparer.OrdinalIgnoreCase)
    {
        ["netcoreapp"] = NetCoreApp,
        ["netstandard"] = NetStandard,
        ["netcore"] = ".NETCore",
        ["uap"] = "UAP",
        ["netmf"] = ".NETMicroFramework",
        ["sl"] = "Silverlight",
        ["wp"] = "WindowsPhone",
        ["wpa"] = "WindowsPhoneApp",
        ["win"] = "Windows",
        ["monoandroid"] = "MonoAndroid",
        ["monotouch"] = "MonoTouch",
        ["monomac"] = "MonoMac",
        ["xamarinios"] = "Xamarin.iOS",
        ["xamarinmac"] = "Xamarin.Mac",
        ["tizen"] = "Tizen",
    };

    private static readonly Dictionary<string, string> s_longToShort = CreateLongToShort();

    private TargetFrameworkName(string identifier, Version version, string? profile, string? platform, Version? platformVersion, string original)
    {
        Identifier = identifier;
        Version = version;
        Profile = string.IsNullOrEmpty(profile) ? null : profile;
        Platform = string.IsNullOrEmpty(platform) ? null : platform;
        PlatformVersion = Platform is null ? null : platformVersion ?? new Version(0, 0, 0, 0);
        Original = original;
    }

    /// <summary>The framework identifier, such as <c>.NETCoreApp</c>.</summary>
    public string Identifier { get; }

    /// <summary>The framework version, always with four components.</summary>
    public Version Version { get; }

    /// <summary>The profile (<c>Client</c>), or null.</summary>
    public string? Profile { get; }

    /// <summary>The platform of a .NET 5+ framework (<c>windows</c>), or null.</summary>
    public string? Platform { get; }

    /// <summary>The platform version, or null when there is no platform.</summary>
    public Version? PlatformVersion { get; }

    /// <summary>The text this name was parsed from.</summary>
    public string Original { get; }

    /// <summary>True for .NET 5 and later, whose NuGet name is the short one.</summary>
    public bool IsNet5Era => string.Equals(Identifier, NetCoreApp, StringComparison.OrdinalIgnoreCase) && Version.Major >= 5;

    /// <summary>The short folder name: <c>net10.0</c>, <c>net472</c>, <c>netstandard2.0</c>, <c>net8.0-windows10.0.19041</c>.</summary>
    public string ShortFolderName
    {
        get
        {
            if (IsNet5Era)
            {
                var name = "net" + FormatDotted(Version);
                return Platform is null ? name : name + "-" + Platform + (PlatformVersion is { } pv && pv != new Version(0, 0, 0, 0) ? FormatDotted(pv) : string.Empty);
            }

            if (string.Equals(Identifier, NetFramework, StringComparison.OrdinalIgnoreCase))
            {
                return "net" + FormatCompact(Version) + (Profile is null ? string.Empty : "-" + Profile.ToLowerInvariant());
            }

            if (s_longToShort.TryGetValue(Identifier, out var shortId))
            {
                var dotted = string.Equals(Identifier, NetCoreApp, StringComparison.OrdinalIgnoreCase) || string.Equals(Identifier, NetStandard, StringComparison.OrdinalIgnoreCase) || string.Equals(Identifier, "UAP", StringComparison.OrdinalIgnoreCase);
                return shortId + (dotted ? FormatDotted(Version) : FormatCompact(Version)) + (Profile is null ? string.Empty : "-" + Profile.ToLowerInvariant());
            }

            return Original;
        }
    }

    /// <summary>The long name: <c>.NETCoreApp,Version=v10.0</c>, <c>.NETFramework,Version=v4.7.2,Profile=Client</c>.</summary>
    public string LongName
        => Identifier + ",Version=v" + FormatDotted(Version) + (Profile is null ? string.Empty : ",Profile=" + Profile);

    /// <summary>Parses a framework name in either form; throws <see cref="FormatException"/> for empty text.</summary>
    public static TargetFrameworkName Parse(string text)
        => TryParse(text, out var name) ? name : throw new FormatException($"'{text}' is not a target framework name.");

    /// <summary>Parses a framework name in either form; false only for empty text.</summary>
    public static bool TryParse(string? text, out TargetFrameworkName name)
    {
        name = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        name = trimmed.Contains(',', StringComparison.Ordinal) ? ParseLong(trimmed) : ParseShort(trimmed);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(TargetFrameworkName? other)
        => other is not null
            && string.Equals(Identifier, other.Identifier, StringComparison.OrdinalIgnoreCase)
            && Version == other.Version
            && string.Equals(Profile, other.Profile, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Platform, other.Platform, StringComparison.OrdinalIgnoreCase)
            && PlatformVersion == other.PlatformVersion;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TargetFrameworkName);

    /// <inheritdoc />
    public override int GetHashCode()
        => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Identifier), Version, StringComparer.OrdinalIgnoreCase.GetHashCode(Profile ?? string.Empty), StringComparer.OrdinalIgnoreCase.GetHashCode(Platform ?? string.Empty));

    /// <summary>The name as NuGet writes it in lock and assets files: short for .NET 5+, long otherwise.</summary>
    public override string ToString() => IsNet5Era ? ShortFolderName : LongName;

    private static TargetFrameworkName ParseLong(string text)
    {
        var parts = text.Split(',');
        var identifier = parts[0].Trim();
        var version = new Version(0, 0, 0, 0);
        string? profile = null;
        for (var i = 1; i < parts.Length; i++)
        {
            var pair = parts[i].Split('=', 2);
            var key = pair[0].Trim();
            var value = pair.Length > 1 ? pair[1].Trim() : string.Empty;
            if (key.Equals("Version", StringComparison.OrdinalIgnoreCase))
            {
                version = ParseVersion(value.TrimStart('v', 'V')) ?? version;
            }
            else if (key.Equals("Profile", StringComparison.OrdinalIgnoreCase))
            {
                profile = value;
            }
        }

        foreach (var known in new[] { NetCoreApp, NetFramework, NetStandard })
        {
            if (identifier.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                identifier = known;
            }
        }

        return new TargetFrameworkName(identifier, version, profile, null, null, text);
    }

    private static TargetFrameworkName ParseShort(string text)
    {
        var lower = text.ToLowerInvariant();
        var dash = lower.IndexOf('-', StringComparison.Ordinal);
        var main = dash < 0 ? lower : lower[..dash];
        var suffix = dash < 0 ? null : lower[(dash + 1)..];
        var idLength = 0;
        while (idLength < main.Length && (char.IsAsciiLetter(main[idLength]) || (main[idLength] == '.' && idLength + 1 < main.Length && char.IsAsciiLetter(main[idLength + 1]))))
        {
            idLength++;
        }

        var shortId = main[..idLength];
        var versionText = main[idLength..];
        var version = ParseShortVersion(versionText);
        if (version is null)
        {
            return new TargetFrameworkName(text, new Version(0, 0, 0, 0), null, null, null, text);
        }

        if (shortId == "net")
        {
            if (version.Major >= 5)
            {
                SplitPlatform(suffix, out var platform, out var platformVersion);
                return new TargetFrameworkName(NetCoreApp, version, null, platform, platformVersion, text);
            }

            return new TargetFrameworkName(NetFramework, version, CapitalizeProfile(suffix), null, null, text);
        }

        if (s_shortToLong.TryGetValue(shortId, out var identifier))
        {
            if (identifier == NetCoreApp && version.Major >= 5)
            {
                SplitPlatform(suffix, out var platform, out var platformVersion);
                return new TargetFrameworkName(identifier, version, null, platform, platformVersion, text);
            }

            return new TargetFrameworkName(identifier, version, CapitalizeProfile(suffix), null, null, text);
        }

        return new TargetFrameworkName(shortId, version, suffix, null, null, text);
    }

    private static void SplitPlatform(string? suffix, out string? platform, out Version? platformVersion)
    {
        platform = null;
        platformVersion = null;
        if (string.IsNullOrEmpty(suffix))
        {
            return;
        }

        var i = 0;
        while (i < suffix.Length && !char.IsAsciiDigit(suffix[i]))
        {
            i++;
        }

        platform = suffix[..i];
        platformVersion = i < suffix.Length ? ParseVersion(suffix[i..]) : null;
    }

    private static string? CapitalizeProfile(string? suffix)
        => string.IsNullOrEmpty(suffix) ? null : char.ToUpperInvariant(suffix[0]) + suffix[1..];

    private static Version? ParseShortVersion(string text)
    {
        if (text.Length == 0)
        {
            return new Version(0, 0, 0, 0);
        }

        if (text.Contains('.', StringComparison.Ordinal))
        {
            return ParseVersion(text);
        }

        // Without dots every digit is one component: net472 is 4.7.2, netcoreapp31 is 3.1.
        var components = new int[4];
        if (text.Length > 4)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return null;
            }

            components[i] = text[i] - '0';
        }

        return new Version(components[0], components[1], components[2], components[3]);
    }

    private static Version? ParseVersion(string text)
    {
        var parts = text.Split('.');
        if (parts.Length is 0 or > 4)
        {
            return null;
        }

        var components = new int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out components[i]))
            {
                return null;
            }
        }

        return new Version(components[0], components[1], components[2], components[3]);
    }

    private static string FormatDotted(Version version)
    {
        var builder = new StringBuilder();
        builder.Append(version.Major.ToString(CultureInfo.InvariantCulture)).Append('.').Append(version.Minor.ToString(CultureInfo.InvariantCulture));
        if (version.Build > 0 || version.Revision > 0)
        {
            builder.Append('.').Append(version.Build.ToString(CultureInfo.InvariantCulture));
        }

        if (version.Revision > 0)
        {
            builder.Append('.').Append(version.Revision.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static string FormatCompact(Version version)
    {
        var components = new[] { version.Major, version.Minor, version.Build, version.Revision };
        var last = 3;
        while (last > 1 && components[last] == 0)
        {
            last--;
        }

        var builder = new StringBuilder();
        var needsDots = false;
        for (var i = 0; i <= last; i++)
        {
            needsDots |= components[i] > 9;
        }

        for (var i = 0; i <= last; i++)
        {
            if (needsDots && i > 0)
            {
                builder.Append('.');
            }

            builder.Append(components[i].ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static Dictionary<string, string> CreateLongToShort()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in s_shortToLong)
        {
            map.TryAdd(pair.Value, pair.Key);
        }

        return map;
    }
}
