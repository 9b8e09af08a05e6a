using System;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Configuration;

/// <summary>
/// The readings of a setting given as <c>true</c> or <c>false</c> (MSBuild properties such as
/// <c>SupplyChainTufSkipDuplicate</c> or <c>RestoreLockedMode</c>), one place for each.
/// </summary>
public static class BooleanSetting
{
    /// <summary>
    /// A setting that must be <c>true</c> or <c>false</c> (any case); empty gives <paramref name="defaultValue"/>.
    /// Anything else is SCSDK6000 naming the setting.
    /// </summary>
    /// <exception cref="SupplyChainException">SCSDK6000 when the text is neither.</exception>
    public static bool Parse(string setting, string? text, bool defaultValue)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        var value = text.Trim();
        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, null, 0, setting, value, "true or false");
    }

    /// <summary>MSBuild's own reading of a boolean property: only <c>true</c> and <c>false</c> (any case) count; anything else is unknown (null).</summary>
    public static bool? ParseOptional(string? text)
    {
        var value = text?.Trim();
        return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? true
            : string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? false
            : null;
    }

    /// <summary>A switch as the build reads it: empty gives <paramref name="defaultValue"/>; any other text is true only when it is <c>true</c> (any case).</summary>
    public static bool IsTrue(string? text, bool defaultValue)
        => string.IsNullOrWhiteSpace(text) ? defaultValue : string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
