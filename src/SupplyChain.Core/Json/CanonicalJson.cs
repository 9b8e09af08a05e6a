using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Json;

/// <summary>
/// OLPC canonical JSON exactly as securesystemslib's <c>encode_canonical</c> computes it, which is what TUF
/// (python-tuf, go-tuf, tuf-js) signs and hashes key ids over:
/// <list type="bullet">
/// <item>no whitespace; object members sorted by key in Unicode code point order (not UTF-16 code unit order);</item>
/// <item>strings in double quotes, where only <c>\</c> and <c>"</c> are escaped (with a backslash); every other
/// character, control characters and newlines included, is written as it is, in UTF-8;</item>
/// <item>integers in plain decimal (<c>-0</c> becomes <c>0</c>); any number with a fraction or an exponent is rejected,
/// as Python parses those as <c>float</c>, which <c>encode_canonical</c> refuses;</item>
/// <item><c>true</c>, <c>false</c>, <c>null</c>.</item>
/// </list>
/// A value with no canonical form raises <see cref="CanonicalJsonException"/>.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The deepest nesting of arrays and objects accepted.</summary>
    public const int MaxDepth = 256;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static List<CheckedMember[]>? s_membersByDepth;

    /// <summary>Returns the canonical UTF-8 bytes of a node (null is the JSON <c>null</c>).</summary>
    /// <exception cref="CanonicalJsonException">The node has no canonical form.</exception>
    public static byte[] Serialize(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(node, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Returns the canonical UTF-8 bytes of an element.</summary>
    /// <exception cref="CanonicalJsonException">The element has no canonical form.</exception>
    public static byte[] Serialize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(element, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the canonical UTF-8 bytes of a node to a buffer.</summary>
    /// <exception cref="CanonicalJsonException">The node has no canonical form; part of it may have been written.</exception>
    public static void Serialize(JsonNode? node, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteNode(node, output, 0);
    }

    /// <summary>Writes the canonical UTF-8 bytes of an element to a buffer.</summary>
    /// <exception cref="CanonicalJsonException">The element has no canonical form; part of it may have been written.</exception>
    public static void Serialize(JsonElement element, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteElement(element, output, 0);
    }

    /// <summary>Returns the canonical form as a string (for tests and messages; sign and hash the bytes).</summary>
    /// <exception cref="CanonicalJsonException">The node has no canonical form.</exception>
    public static string SerializeToString(JsonNode? node) => s_strictUtf8.GetString(Serialize(node));

    private static void WriteNode(JsonNode? node, IBufferWriter<byte> output, int depth)
    {
        switch (node)
        {
            case null:
                WriteAscii(output, "null");
                break;
            case JsonObject obj:
                CheckDepth(depth);
                var members = new List<KeyValuePair<string, JsonNode?>>(obj.Count);
                foreach (var member in obj)
                {
                    members.Add(member);
                }

                // JsonObject keys are unique by construction (ordinal), so no duplicate check is needed here.
                members.Sort(static (a, b) => CodePointStringComparer.Instance.Compare(a.Key, b.Key));
                WriteByte(output, (byte)'{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        WriteByte(output, (byte)',');
                    }

                    WriteString(output, members[i].Key);
                    WriteByte(output, (byte)':');
                    WriteNode(members[i].Value, output, depth + 1);
                }

                WriteByte(output, (byte)'}');
                break;
            case JsonArray array:
                CheckDepth(depth);
                WriteByte(output, (byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        WriteByte(output, (byte)',');
                    }

                    WriteNode(array[i], output, depth + 1);
                }

                WriteByte(output, (byte)']');
                break;
            case JsonValue value:
                WriteValue(value, output, depth);
                break;
            default:
                throw new CanonicalJsonException($"The JSON node type '{node.GetType().Name}' is not supported.");
        }
    }

    private static void WriteValue(JsonValue value, IBufferWriter<byte> output, int depth)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(element, output, depth);
            return;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                if (value.TryGetValue<string>(out var text))
                {
                    WriteString(output, text);
                }
                else if (value.TryGetValue<char>(out var c))
                {
                    WriteString(output, c.ToString());
                }
                else
                {
                    // Values such as DateTimeOffset or Guid: take the string System.Text.Json writes for them.
                    using var document = JsonDocument.Parse(value.ToJsonString());
                    WriteElement(document.RootElement, output, depth);
                }

                break;
            case JsonValueKind.True:
                WriteAscii(output, "true");
                break;
            case JsonValueKind.False:
                WriteAscii(output, "false");
                break;
            case JsonValueKind.Null:
                WriteAscii(output, "null");
                break;
            case JsonValueKind.Number:
                WriteAscii(output, IntegerText(value));
                break;
            default:
                throw new CanonicalJsonException($"The JSON value kind '{value.GetValueKind()}' has no canonical form.");
        }
    }

    private static string IntegerText(JsonValue value)
    {
        if (value.TryGetValue<long>(out var l))
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<ulong>(out var ul))
        {
            return ul.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<uint>(out var ui))
        {
            return ui.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<short>(out var s))
        {
            return s.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<ushort>(out var us))
        {
            return us.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<byte>(out var b))
        {
            return b.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<sbyte>(out var sb))
        {
            return sb.ToString(CultureInfo.InvariantCulture);
        }

        throw new CanonicalJsonException($"The number {value.ToJsonString()} is not an integer; canonical JSON has integers only.");
    }

    private static void WriteElement(JsonElement element, IBufferWriter<byte> output, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                CheckDepth(depth);
                var members = new List<JsonProperty>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        throw new CanonicalJsonException($"The object has the key '{property.Name}' more than once.");
                    }

                    members.Add(property);
                }

                members.Sort(static (a, b) => CodePointStringComparer.Instance.Compare(a.Name, b.Name));
                WriteByte(output, (byte)'{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        WriteByte(output, (byte)',');
                    }

                    WriteString(output, members[i].Name);
                    WriteByte(output, (byte)':');
                    WriteElement(members[i].Value, output, depth + 1);
                }

                WriteByte(output, (byte)'}');
                break;
            case JsonValueKind.Array:
                CheckDepth(depth);
                WriteByte(output, (byte)'[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        WriteByte(output, (byte)',');
                    }

                    first = false;
                    WriteElement(item, output, depth + 1);
                }

                WriteByte(output, (byte)']');
                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException ex)
                {
                    throw new CanonicalJsonException("A string is not valid Unicode.", ex);
                }

                WriteString(output, text);
                break;
            case JsonValueKind.Number:
                WriteAscii(output, IntegerText(element.GetRawText()));
                break;
            case JsonValueKind.True:
                WriteAscii(output, "true");
                break;
            case JsonValueKind.False:
                WriteAscii(output, "false");
                break;
            case JsonValueKind.Null:
                WriteAscii(output, "null");
                break;
            default:
                throw new CanonicalJsonException($"The JSON value kind '{element.ValueKind}' has no canonical form.");
        }
    }

    // JSON number grammar restricted to integers: -?(0|[1-9][0-9]*). Anything with '.', 'e' or 'E' is a float in Python.
    private static string IntegerText(string raw)
    {
        var span = raw.AsSpan();
        var digits = span.Length > 0 && span[0] == '-' ? span[1..] : span;
        var valid = digits.Length > 0 && (digits.Length == 1 || digits[0] != '0');
        foreach (var c in digits)
        {
            valid &= c is >= '0' and <= '9';
        }

        if (!valid)
        {
            throw new CanonicalJsonException($"The number {raw} is not an integer; canonical JSON has integers only.");
        }

        if (digits.Length <= 18)
        {
            return long.Parse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return BigInteger.Parse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes the canonical form of one JSON value given as bytes that a strict reader has already checked (RFC 8259,
    /// valid Unicode, no key twice in an object), straight from the bytes: no tree, and no allocation for values
    /// without escaped keys. The result, and the exception for a value without a canonical form (the first such
    /// number in canonical order), are those of <see cref="Serialize(JsonNode?, IBufferWriter{byte})"/> of the parsed value.
    /// </summary>
    /// <exception cref="CanonicalJsonException">The value has no canonical form; part of it may have been written.</exception>
    internal static void WriteCheckedUtf8(ReadOnlyMemory<byte> json, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        reader.Read();
        WriteToken(json, ref reader, output, 0);
    }

    // Writes the value whose first token the reader is on, and leaves the reader on its last token.
    private static void WriteToken(ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, IBufferWriter<byte> output, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                CheckDepth(depth);
                WriteObject(json, ref reader, output, depth);
                break;
            case JsonTokenType.StartArray:
                CheckDepth(depth);
                WriteByte(output, (byte)'[');
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first)
                    {
                        WriteByte(output, (byte)',');
                    }

                    first = false;
                    WriteToken(json, ref reader, output, depth + 1);
                }

                WriteByte(output, (byte)']');
                break;
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped)
                {
                    WriteUtf8String(output, reader.ValueSpan);
                }
                else
                {
                    WriteUtf8String(output, Unescaped(ref reader));
                }

                break;
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                var digits = raw[0] == (byte)'-' ? raw[1..] : raw;
                if (digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
                {
                    throw new CanonicalJsonException($"The number {Encoding.UTF8.GetString(raw)} is not an integer; canonical JSON has integers only.");
                }

                // The strict grammar has no leading zeros and no '+': the text is already canonical, but for -0.
                Write(output, raw.SequenceEqual("-0"u8) ? "0"u8 : raw);
                break;
            case JsonTokenType.True:
                Write(output, "true"u8);
                break;
            case JsonTokenType.False:
                Write(output, "false"u8);
                break;
            case JsonTokenType.Null:
                Write(output, "null"u8);
                break;
            default:
                throw new CanonicalJsonException($"The JSON token '{reader.TokenType}' has no canonical form.");
        }
    }

    // Members are written in code point order, which is the byte order of their UTF-8 keys; each value is read again
    // from its own bytes (an object's members are usually few: a target's length, hashes and custom).
    private static void WriteObject(ReadOnlyMemory<byte> json, ref Utf8JsonReader reader, IBufferWriter<byte> output, int depth)
    {
        // One array of members per depth, reused (a targets document has two objects per target).
        s_membersByDepth ??= new List<CheckedMember[]>();
        while (s_membersByDepth.Count <= depth)
        {
            s_membersByDepth.Add(new CheckedMember[8]);
        }

        var members = s_membersByDepth[depth];
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueIsEscaped
                ? new CheckedMember(0, 0, Unescaped(ref reader).ToArray(), 0, 0)
                : new CheckedMember((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null, 0, 0);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            if (count == members.Length)
            {
                Array.Resize(ref members, count * 2);
                s_membersByDepth[depth] = members;
            }

            members[count++] = key with { ValueStart = valueStart, ValueLength = (int)reader.BytesConsumed - valueStart };
        }

        var span = json.Span;
        if (count > 16)
        {
            var bytes = json;
            Array.Sort(members, 0, count, Comparer<CheckedMember>.Create((a, b) => a.Key(bytes.Span).SequenceCompareTo(b.Key(bytes.Span))));
        }
        else
        {
            // Few members, usually in order already: an insertion sort allocates nothing.
            for (var i = 1; i < count; i++)
            {
                var member = members[i];
                var j = i - 1;
                while (j >= 0 && members[j].Key(span).SequenceCompareTo(member.Key(span)) > 0)
                {
                    members[j + 1] = members[j];
                    j--;
                }

                members[j + 1] = member;
            }
        }

        WriteByte(output, (byte)'{');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                WriteByte(output, (byte)',');
            }

            WriteUtf8String(output, members[i].Key(span));
            WriteByte(output, (byte)':');
            var value = json.Slice(members[i].ValueStart, members[i].ValueLength);
            var inner = new Utf8JsonReader(value.Span, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
            inner.Read();
            WriteToken(value, ref inner, output, depth + 1);
        }

        Array.Clear(members, 0, count);
        WriteByte(output, (byte)'}');
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
    {
        var buffer = new byte[reader.ValueSpan.Length];
        var written = reader.CopyString(buffer);
        return buffer.AsSpan(0, written);
    }

    // A key (its bytes in the document, or unescaped) and where its value is.
    private readonly record struct CheckedMember(int KeyStart, int KeyLength, byte[]? UnescapedKey, int ValueStart, int ValueLength)
    {
        public ReadOnlySpan<byte> Key(ReadOnlySpan<byte> json) => UnescapedKey ?? json.Slice(KeyStart, KeyLength);
    }

    /// <summary>Writes a string given as valid UTF-8: quoted, with only <c>"</c> and <c>\</c> escaped.</summary>
    internal static void WriteUtf8String(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        WriteByte(output, (byte)'"');
        var start = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b is (byte)'"' or (byte)'\\')
            {
                Write(output, utf8[start..i]);
                WriteByte(output, (byte)'\\');
                start = i;
            }
        }

        Write(output, utf8[start..]);
        WriteByte(output, (byte)'"');
    }

    internal static void WriteString(IBufferWriter<byte> output, string text)
    {
        byte[] utf8;
        try
        {
            utf8 = s_strictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new CanonicalJsonException("A string contains a lone surrogate and is not valid Unicode.", ex);
        }

        WriteByte(output, (byte)'"');
        var start = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b is (byte)'"' or (byte)'\\')
            {
                Write(output, utf8.AsSpan(start, i - start));
                WriteByte(output, (byte)'\\');
                start = i;
            }
        }

        Write(output, utf8.AsSpan(start));
        WriteByte(output, (byte)'"');
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new CanonicalJsonException($"The JSON value is nested deeper than {MaxDepth} levels.");
        }
    }

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }

    internal static void WriteByte(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
