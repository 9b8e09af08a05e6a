using System;
using System.Globalization;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Configuration;

/// <summary>
/// The one reading of a setting given in whole seconds (<c>SupplyChainSigningTimeout</c>, <c>SupplyChainTufLockTimeout</c>):
/// digits only (no sign, no spaces inside, no decimals), within the setting's range; empty gives the default. Anything
/// else is SCSDK6000 naming the setting and what it takes.
/// </summary>
public static class SecondsSetting
{
    /// <summary>Reads <paramref name="text"/> as whole seconds.</summary>
    /// <param name="setting">The name of the setting, for the diagnostic.</param>
    /// <param name="text">The value as given; null or white space gives <paramref name="defaultValue"/>.</param>
    /// <param name="defaultValue">The value when none is given.</param>
    /// <param name="minimum">The smallest number of seconds accepted.</param>
    /// <param name="maximum">The largest number of seconds accepted; <see cref="int.MaxValue"/> for no bound.</param>
    /// <exception cref="SupplyChainException">SCSDK6000 when the text is not such a number.</exception>
    public static TimeSpan Parse(string setting, string? text, TimeSpan defaultValue, int minimum = 0, int maximum = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        var value = text.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum && seconds <= maximum)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var expected = maximum == int.MaxValue && minimum == 0
            ? "a number of seconds"
            : string.Create(CultureInfo.InvariantCulture, $"a whole number of seconds from {minimum} to {maximum}");
        throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, null, 0, setting, value, expected);
    }
}
