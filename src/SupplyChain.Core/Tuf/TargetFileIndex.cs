using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// The <c>targets</c> of targets metadata read from bytes, kept as byte ranges into the document instead of one object
/// per target: memory follows the size of the metadata, not a tree of it. Every entry was checked when the document was
/// read (<see cref="ValidateAll"/>, the same checks as <see cref="TargetFile.FromJson"/>); a lookup reads one entry
/// (binary search over the keys in code point order, the order canonical JSON sorts them in) and keeps the
/// <see cref="TargetFile"/> it made, so changes to it stay. Enumerating or changing the map turns it into an ordinary
/// sorted dictionary first (what repository tools do; clients only look up).
/// </summary>
internal sealed class TargetFileIndex : IDictionary<string, TargetFile>
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _document;
    private readonly Entry[] _sorted;
    private readonly Entry[] _unusual;
    private TargetFile?[]? _loaded;
    private SortedDictionary<string, TargetFile>? _materialized;

    /// <summary>
    /// Takes the entries sorted by <see cref="SortAndCheckRepeats"/>, and those that are not plain target entries
    /// (<see cref="IsPlainEntry"/>) in document order, for <see cref="ValidateAll"/>.
    /// </summary>
    public TargetFileIndex(byte[] document, List<Entry> sortedEntries, List<Entry> unusualInDocumentOrder)
    {
        _document = document;
        _sorted = sortedEntries.ToArray();
        _unusual = unusualInDocumentOrder.Count == 0 ? Array.Empty<Entry>() : unusualInDocumentOrder.ToArray();
    }

    /// <summary>
    /// Sorts entries by key, in place, and throws what the strict tokenizer throws for the first key (in document
    /// order) that repeats an earlier one.
    /// </summary>
    /// <exception cref="StrictJsonException">A key repeats.</exception>
    internal static void SortAndCheckRepeats(byte[] document, List<Entry> entries)
    {
        var span = CollectionsMarshal.AsSpan(entries);
        span.Sort((a, b) =>
        {
            var order = a.Key(document).SequenceCompareTo(b.Key(document));
            return order != 0 ? order : a.KeyStart.CompareTo(b.KeyStart);
        });
        var repeat = -1;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i].Key(document).SequenceEqual(span[i - 1].Key(document)) && (repeat < 0 || span[i].KeyStart < span[repeat].KeyStart))
            {
                repeat = i;
            }
        }

        if (repeat >= 0)
        {
            var name = s_strictUtf8.GetString(span[repeat].Key(document));
            throw new StrictJsonException(StrictJsonProblem.DuplicateKey, name, span[repeat].KeyStart - 1, $"The key '{name}' appears more than once in the same object.");
        }
    }

    public int Count => _materialized?.Count ?? _sorted.Length;

    public bool IsReadOnly => false;

    public ICollection<string> Keys => Materialize().Keys;

    public ICollection<TargetFile> Values => Materialize().Values;

    public TargetFile this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The target '{key}' is not listed.");
        set => Materialize()[key] = value;
    }

    /// <summary>Checks every entry as <see cref="TargetFile.FromJson"/> does, in document order; nothing is kept.</summary>
    /// <exception cref="TufFormatException">An entry is not a target file entry.</exception>
    public void ValidateAll()
    {
        // Plain entries (IsPlainEntry, checked when the document was read) are accepted by the model; anything
        // unusual, or wrong, goes through it, which accepts it or words the problem.
        foreach (var entry in _unusual)
        {
            _ = Read(entry);
        }
    }

    // True when TargetFile.FromJson certainly accepts the entry: an object with a 'length' that is an integer of
    // 0 or more in the range of a 64-bit number (no fraction, no exponent) and a 'hashes' object of one or more
    // strings; other members are free-form. Read from the bytes (already checked strict JSON), without a tree.
    internal static bool IsPlainEntry(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = Metadata<Targets>.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool length = false, hashes = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("length"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0
                    || !reader.TryGetInt64(out var number) || number < 0)
                {
                    return false;
                }

                length = true;
            }
            else if (reader.ValueTextEquals("hashes"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                var count = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    count++;
                }

                if (count == 0)
                {
                    return false;
                }

                hashes = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return length && hashes;
    }

    /// <summary>Writes the canonical JSON of the <c>targets</c> object as read (members in code point order).</summary>
    public void WriteCanonical(IBufferWriter<byte> output)
    {
        CanonicalJson.WriteByte(output, (byte)'{');
        for (var i = 0; i < _sorted.Length; i++)
        {
            if (i > 0)
            {
                CanonicalJson.WriteByte(output, (byte)',');
            }

            CanonicalJson.WriteUtf8String(output, _sorted[i].Key(_document));
            CanonicalJson.WriteByte(output, (byte)':');
            CanonicalJson.WriteCheckedUtf8(_document.AsMemory(_sorted[i].ValueStart, _sorted[i].ValueLength), output);
        }

        CanonicalJson.WriteByte(output, (byte)'}');
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TargetFile value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_materialized is not null)
        {
            return _materialized.TryGetValue(key, out value);
        }

        var index = Find(key);
        if (index < 0)
        {
            value = null;
            return false;
        }

        _loaded ??= new TargetFile?[_sorted.Length];
        value = _loaded[index] ??= Read(_sorted[index]);
        return true;
    }

    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _materialized?.ContainsKey(key) ?? Find(key) >= 0;
    }

    public void Add(string key, TargetFile value) => Materialize().Add(key, value);

    public void Add(KeyValuePair<string, TargetFile> item) => ((ICollection<KeyValuePair<string, TargetFile>>)Materialize()).Add(item);

    public bool Remove(string key) => Materialize().Remove(key);

    public bool Remove(KeyValuePair<string, TargetFile> item) => ((ICollection<KeyValuePair<string, TargetFile>>)Materialize()).Remove(item);

    public void Clear() => Materialize().Clear();

    public bool Contains(KeyValuePair<string, TargetFile> item) => ((ICollection<KeyValuePair<string, TargetFile>>)Materialize()).Contains(item);

    public void CopyTo(KeyValuePair<string, TargetFile>[] array, int arrayIndex) => Materialize().CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, TargetFile>> GetEnumerator() => Materialize().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private SortedDictionary<string, TargetFile> Materialize()
    {
        if (_materialized is null)
        {
            var all = new SortedDictionary<string, TargetFile>(StringComparer.Ordinal);
            for (var i = 0; i < _sorted.Length; i++)
            {
                var target = _loaded?[i] ?? Read(_sorted[i]);
                all[target.Path] = target;
            }

            _materialized = all;
            _loaded = null;
        }

        return _materialized;
    }

    // The position of the key in the sorted entries, or -1. A string that is not valid UTF-16 is no key (keys were
    // checked to be valid Unicode), so it is not encoded with a replacement character that could match one.
    private int Find(string key)
    {
        byte[] utf8;
        try
        {
            utf8 = s_strictUtf8.GetBytes(key);
        }
        catch (EncoderFallbackException)
        {
            return -1;
        }

        int low = 0, high = _sorted.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = _sorted[middle].Key(_document).SequenceCompareTo(utf8);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private TargetFile Read(Entry entry)
    {
        var path = Encoding.UTF8.GetString(entry.Key(_document));
        return TargetFile.FromJson(path, TufJson.AsObject(JsonNode.Parse(entry.Value(_document)), $"the target '{path}'"));
    }

    /// <summary>One member of <c>targets</c>: where its key and value are in the document.</summary>
    /// <param name="KeyStart">The first byte of the key's text (inside the quotes).</param>
    /// <param name="KeyLength">The length of the key's text as written.</param>
    /// <param name="ValueStart">The first byte of the value.</param>
    /// <param name="ValueLength">The length of the value.</param>
    /// <param name="UnescapedKey">The key's UTF-8 bytes when it is written with escapes, else null.</param>
    internal readonly record struct Entry(int KeyStart, int KeyLength, int ValueStart, int ValueLength, byte[]? UnescapedKey)
    {
        /// <summary>The key's UTF-8 bytes, unescaped.</summary>
        public ReadOnlySpan<byte> Key(byte[] document) => UnescapedKey ?? document.AsSpan(KeyStart, KeyLength);

        public ReadOnlySpan<byte> Value(byte[] document) => document.AsSpan(ValueStart, ValueLength);
    }
}
