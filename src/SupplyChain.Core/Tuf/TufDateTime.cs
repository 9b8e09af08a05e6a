using System;
using System.Globalization;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// The <c>expires</c> time of TUF metadata.
/// <para>
/// Written as the specification and python-tuf write it: UTC to the second, <c>YYYY-MM-DDTHH:MM:SSZ</c>.
/// </para>
/// <para>
/// Read leniently, as go-tuf (Go's RFC 3339 <c>time.Time</c>) and tuf-js read it, because real repositories write
/// more than python-tuf does (go-tuf's test data has <c>2030-08-15T14:30:45.0000001Z</c>, its examples
/// <c>2034-09-30T11:29:58.188964Z</c>): <c>YYYY-MM-DDTHH:MM:SS</c>, then an optional fraction of a second of any
/// number of digits, then <c>Z</c> or an offset <c>+HH:MM</c>/<c>-HH:MM</c>, which is applied to give UTC. The
/// letters <c>T</c> and <c>Z</c> must be upper case (as Go requires); a date alone, a missing seconds field, a
/// leap second (<c>60</c>), hour 24 and whitespace are rejected. A fraction finer than .NET's 100 ns tick is cut
/// off, which can only make the metadata expire earlier, never later.
/// </para>
/// </summary>
public static class TufDateTime
{
    private const int MaxLength = 64;

    /// <summary>Formats a time as <c>YYYY-MM-DDTHH:MM:SSZ</c> in UTC (a fraction of a second is dropped).</summary>
    public static string Format(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Drops the fraction of a second and converts to UTC: the value <see cref="Format"/> writes.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>Reads an <c>expires</c> value leniently (see the type's remarks).</summary>
    /// <returns>True and the time in UTC, or false when the text is not such a time.</returns>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 20 || text.Length > MaxLength)
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || text[4] != '-' || !Digits(text, 5, 2, out var month) || text[7] != '-'
            || !Digits(text, 8, 2, out var day) || text[10] != 'T' || !Digits(text, 11, 2, out var hour) || text[13] != ':'
            || !Digits(text, 14, 2, out var minute) || text[16] != ':' || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        var index = 19;
        long fractionTicks = 0;
        if (text[index] == '.')
        {
            index++;
            var start = index;
            long scale = TimeSpan.TicksPerSecond;
            while (index < text.Length && text[index] is >= '0' and <= '9')
            {
                scale /= 10;
                fractionTicks += (text[index] - '0') * scale;
                index++;
            }

            if (index == start)
            {
                return false;
            }
        }

        if (index >= text.Length)
        {
            return false;
        }

        var offsetMinutes = 0;
        if (text[index] == 'Z')
        {
            index++;
        }
        else if (text[index] is '+' or '-')
        {
            var sign = text[index] == '-' ? -1 : 1;
            if (text.Length - index != 6 || !Digits(text, index + 1, 2, out var offsetHours) || text[index + 3] != ':'
                || !Digits(text, index + 4, 2, out var offsetMins) || offsetHours > 23 || offsetMins > 59)
            {
                return false;
            }

            offsetMinutes = sign * ((offsetHours * 60) + offsetMins);
            index += 6;
        }
        else
        {
            return false;
        }

        if (index != text.Length || year < 1 || month is < 1 or > 12 || hour > 23 || minute > 59 || second > 59
            || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
