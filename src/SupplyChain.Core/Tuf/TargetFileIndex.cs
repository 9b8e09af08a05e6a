using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
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
    private TargetFile?[]? _loaded;
    private SortedDictionary<string, TargetFile>? _materialized;

    /// <summary>Takes the entries in document order; they are sorted here by key.</summary>
    public TargetFileIndex(byte[] document, List<Entry> entries)
    {
        _document = document;
        InDocumentOrder = entries.ToArray();
        _sorted = (Entry[])InDocumentOrder.Clone();
        Array.Sort(_sorted, (a, b) => a.Key(document).SequenceCompareTo(b.Key(document)));
    }

    /// <summary>The entries in document order (for the checks made when reading).</summary>
    public Entry[] InDocumentOrder { get; }

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
        foreach (var entry in InDocumentOrder)
        {
            _ = Read(entry);
        }
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
            CanonicalJson.Serialize(JsonNode.Parse(_sorted[i].Value(_document)), output);
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
