using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SupplyChain.Core.Json;

/// <summary>What a <see cref="StrictJsonException"/> found.</summary>
internal enum StrictJsonProblem
{
    /// <summary>A key appears twice in one object (compared after unescaping, ordinally).</summary>
    DuplicateKey,

    /// <summary>A string or key is not valid Unicode (invalid UTF-8, or a lone surrogate escape).</summary>
    InvalidString,
}

/// <summary>
/// A rule of strict JSON that <see cref="System.Text.Json.Utf8JsonReader"/> does not enforce itself was broken. The
/// callers (<see cref="StrictJson"/>, <see cref="JsonTreeParser"/>, the TUF targets reader) word it their own way.
/// </summary>
internal sealed class StrictJsonException : Exception
{
    public StrictJsonException(StrictJsonProblem problem, string? key, long tokenStartIndex, string detail)
        : base(detail)
    {
        Problem = problem;
        Key = key;
        TokenStartIndex = tokenStartIndex;
    }

    public StrictJsonProblem Problem { get; }

    /// <summary>The repeated key, for <see cref="StrictJsonProblem.DuplicateKey"/>.</summary>
    public string? Key { get; }

    /// <summary>Where the offending token starts, as an index into the document (after a skipped byte order mark).</summary>
    public long TokenStartIndex { get; }
}

/// <summary>
/// The one strict JSON tokenizer every reader of untrusted JSON in Core is built on (signed TUF metadata, lock files,
/// assets, policy, VEX): RFC 8259 only (no comments, no trailing commas, nothing after the value; a byte order mark
/// only where the caller allows it), a depth limit, strings and keys that are valid Unicode (UTF-8 and escapes), and no
/// key twice in one object. Syntax errors surface as <see cref="JsonException"/> from
/// <see cref="System.Text.Json.Utf8JsonReader"/>; the other rules as <see cref="StrictJsonException"/>. Every token is
/// checked as it is read, so a reader that stops early has checked only what it read.
/// </summary>
internal ref struct StrictJsonReader
{
    private readonly ReadOnlySpan<byte> _utf8;
    private readonly KeyScopes _scopes;
    private Utf8JsonReader _reader;
    private long _countedUpTo;
    private int _line;

    /// <summary>Starts reading a whole document.</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="maxDepth">The deepest nesting of arrays and objects accepted.</param>
    /// <param name="skipByteOrderMark">True to skip a leading UTF-8 byte order mark (NuGet's files may have one); false to reject it.</param>
    public StrictJsonReader(ReadOnlySpan<byte> utf8, int maxDepth, bool skipByteOrderMark = false)
    {
        if (skipByteOrderMark && utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        _utf8 = utf8;
        _scopes = new KeyScopes();
        _reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = maxDepth,
        });
        _countedUpTo = 0;
        _line = 1;
    }

    /// <summary>The document as read (without a skipped byte order mark); indexes below are into it.</summary>
    public readonly ReadOnlySpan<byte> Document => _utf8;

    public readonly JsonTokenType TokenType => _reader.TokenType;

    public readonly long TokenStartIndex => _reader.TokenStartIndex;

    public readonly long BytesConsumed => _reader.BytesConsumed;

    public readonly int CurrentDepth => _reader.CurrentDepth;

    /// <summary>The raw bytes of the token (a string's or key's without quotes, still escaped when <see cref="ValueIsEscaped"/>).</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _reader.ValueSpan;

    public readonly bool ValueIsEscaped => _reader.ValueIsEscaped;

    /// <summary>The unescaped string of a string or key token (already checked to be valid Unicode).</summary>
    public readonly string GetString() => _reader.GetString()!;

    /// <summary>Reads the next token and checks it.</summary>
    /// <exception cref="JsonException">The document is not RFC 8259 JSON, or is nested too deep.</exception>
    /// <exception cref="StrictJsonException">A key repeats in one object, or a string is not valid Unicode.</exception>
    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }

        switch (_reader.TokenType)
        {
            case JsonTokenType.StartObject:
                _scopes.Push(isObject: true);
                break;
            case JsonTokenType.StartArray:
                _scopes.Push(isObject: false);
                break;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                _scopes.Pop();
                break;
            case JsonTokenType.PropertyName:
                CheckString();
                if (!_scopes.TracksKeys)
                {
                    break;
                }

                var name = _reader.GetString()!;
                if (!_scopes.AddKey(name))
                {
                    throw new StrictJsonException(StrictJsonProblem.DuplicateKey, name, _reader.TokenStartIndex, $"The key '{name}' appears more than once in the same object.");
                }

                break;
            case JsonTokenType.String:
                CheckString();
                break;
        }

        return true;
    }

    /// <summary>
    /// On the first token of an object: its keys are still checked to be valid Unicode, but not for repeats; the
    /// caller takes that over (the TUF targets reader, which sorts the keys of a large object anyway and finds
    /// repeats without a set of strings). Objects inside it are checked as usual.
    /// </summary>
    public void LeaveRepeatedKeysOfThisObjectToCaller()
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("The reader is not at the start of an object.");
        }

        _scopes.StopTrackingCurrent();
    }

    /// <summary>
    /// On the first token of a value, reads (and checks) to its last token; on any other token, does nothing.
    /// </summary>
    /// <returns>True when the value holds a number with a fraction or an exponent (which has no canonical JSON form).</returns>
    public bool SkipValue()
    {
        var nonInteger = IsNonIntegerNumber();
        if (_reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return nonInteger;
        }

        var depth = _reader.CurrentDepth;
        while (Read())
        {
            nonInteger |= IsNonIntegerNumber();
            if (_reader.CurrentDepth == depth && _reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return nonInteger;
            }
        }

        return nonInteger;
    }

    /// <summary>Reads to the end of the document: anything after the value is a syntax error.</summary>
    public void ReadToEnd()
    {
        while (Read())
        {
        }
    }

    /// <summary>The 1-based line of the current token (counted incrementally: call it with growing positions).</summary>
    public int CurrentLine()
    {
        var start = _reader.TokenStartIndex;
        if (start > _countedUpTo)
        {
            _line += _utf8[(int)_countedUpTo..(int)start].Count((byte)'\n');
            _countedUpTo = start;
        }

        return _line;
    }

    /// <summary>The 1-based line and byte column of an index into <paramref name="utf8"/>.</summary>
    public static (long Line, long Column) Position(ReadOnlySpan<byte> utf8, long index)
    {
        var end = (int)Math.Min(index, utf8.Length);
        var before = utf8[..end];
        var line = 1L + before.Count((byte)'\n');
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line, index - lineStart + 1);
    }

    private readonly bool IsNonIntegerNumber()
        => _reader.TokenType == JsonTokenType.Number && _reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;

    private readonly void CheckString()
    {
        // Utf8JsonReader checks the structure of a string, not the UTF-8 inside it nor that escapes form whole
        // surrogate pairs; decoding does both (the slow path, for escaped strings and to word the failure).
        if (!_reader.ValueIsEscaped && Utf8.IsValid(_reader.ValueSpan))
        {
            return;
        }

        try
        {
            _ = _reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            throw new StrictJsonException(StrictJsonProblem.InvalidString, null, _reader.TokenStartIndex, ex.Message);
        }
    }

    // The keys of each open object (null for an open array); sets are reused across objects of the same depth.
    private sealed class KeyScopes
    {
        // Marks an object whose repeated keys its reader's caller checks.
        private static readonly HashSet<string> s_untracked = new(StringComparer.Ordinal);
        private readonly List<HashSet<string>?> _open = new();
        private readonly List<HashSet<string>> _spare = new();

        public void Push(bool isObject)
        {
            HashSet<string>? keys = null;
            if (isObject)
            {
                if (_spare.Count > 0)
                {
                    keys = _spare[^1];
                    _spare.RemoveAt(_spare.Count - 1);
                }
                else
                {
                    keys = new HashSet<string>(StringComparer.Ordinal);
                }
            }

            _open.Add(keys);
        }

        public void Pop()
        {
            var keys = _open[^1];
            _open.RemoveAt(_open.Count - 1);
            if (keys is not null && !ReferenceEquals(keys, s_untracked))
            {
                // A huge set (one object of many keys) is not kept for reuse.
                if (keys.Count <= 1024)
                {
                    keys.Clear();
                    _spare.Add(keys);
                }
            }
        }

        /// <summary>False inside an object whose repeated keys are left to the caller.</summary>
        public bool TracksKeys => !ReferenceEquals(_open[^1], s_untracked);

        public void StopTrackingCurrent()
        {
            var keys = _open[^1]!;
            keys.Clear();
            _spare.Add(keys);
            _open[^1] = s_untracked;
        }

        public bool AddKey(string name) => _open[^1]!.Add(name);
    }
}
