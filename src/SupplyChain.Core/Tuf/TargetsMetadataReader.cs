using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// Reads targets metadata without a JSON tree of its targets. One pass of the strict tokenizer checks the whole
/// document (the same rules, and the same messages, as <see cref="StrictJson"/>) and records where each member of
/// <c>signed.targets</c> is; everything else (a few small members) is parsed into nodes as before, so the checks of the
/// model apply unchanged. The canonical bytes of <c>signed</c> are computed from the document when the signatures are
/// verified, in the order canonical JSON sorts members, and fed to the signatures' hashes as they are written
/// (<see cref="HashCanonicalSigned"/>): they are never held whole.
/// </summary>
internal sealed class TargetsMetadataReader
{
    private readonly byte[] _document;
    private readonly List<Member> _signedMembers;
    private readonly int _signedStart;
    private readonly int _signedLength;

    private TargetsMetadataReader(byte[] document, JsonObject root, List<Member> signedMembers, int signedStart, int signedLength, TargetFileIndex? targets, bool hasNonInteger)
    {
        _document = document;
        Root = root;
        _signedMembers = signedMembers;
        _signedStart = signedStart;
        _signedLength = signedLength;
        Targets = targets;
        HasNonIntegerNumber = hasNonInteger;
    }

    /// <summary>The document as nodes, with an empty object in place of <c>signed.targets</c> when <see cref="Targets"/> holds them.</summary>
    public JsonObject Root { get; }

    /// <summary>The targets, or null when <c>signed.targets</c> is not an object (the model reports it from <see cref="Root"/>).</summary>
    public TargetFileIndex? Targets { get; }

    /// <summary>True when <c>signed</c> holds a number with a fraction or exponent (no canonical form).</summary>
    public bool HasNonIntegerNumber { get; }

    /// <summary>
    /// Checks the document and records its parts; null when it is not a JSON object (the caller's tree reader reports
    /// that as before).
    /// </summary>
    /// <exception cref="JsonException">The document is not strict JSON; the message and position are <see cref="StrictJson"/>'s.</exception>
    public static TargetsMetadataReader? Read(byte[] document, int maxDepth)
    {
        var reader = new StrictJsonReader(document, maxDepth);
        var top = new List<Member>();
        var signedMembers = new List<Member>();
        var entries = new List<TargetFileIndex.Entry>();
        var unusual = new List<TargetFileIndex.Entry>();
        var signedIsObject = false;
        var targetsIsObject = false;
        var hasNonInteger = false;
        var signedLength = 0;
        var signedStart = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (name == "signed" && reader.TokenType == JsonTokenType.StartObject)
                {
                    signedIsObject = true;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var member = reader.GetString();
                        reader.Read();
                        var memberStart = (int)reader.TokenStartIndex;
                        if (member == "targets" && reader.TokenType == JsonTokenType.StartObject)
                        {
                            targetsIsObject = true;
                            hasNonInteger |= ReadTargets(ref reader, document, entries, unusual);
                        }
                        else
                        {
                            hasNonInteger |= reader.SkipValue();
                        }

                        signedMembers.Add(new Member(member, memberStart, (int)reader.BytesConsumed - memberStart));
                    }

                    signedStart = start;
                    signedLength = (int)reader.BytesConsumed - start;
                }
                else
                {
                    reader.SkipValue();
                }

                top.Add(new Member(name, start, (int)reader.BytesConsumed - start));
            }

            reader.ReadToEnd();
        }
        catch (StrictJsonException ex)
        {
            var (line, column) = StrictJsonReader.Position(document, ex.TokenStartIndex);
            var message = ex.Problem == StrictJsonProblem.InvalidString ? "A string is not valid Unicode: " + ex.Message : ex.Message;
            throw new JsonException(message, null, line - 1, column - 1);
        }

        // The whole document is strict JSON: the small members become nodes.
        var root = new JsonObject();
        foreach (var member in top)
        {
            if (member.Name == "signed" && signedIsObject)
            {
                var signed = new JsonObject();
                foreach (var signedMember in signedMembers)
                {
                    signed.Add(signedMember.Name, signedMember.Name == "targets" && targetsIsObject ? new JsonObject() : signedMember.Parse(document));
                }

                root.Add(member.Name, signed);
            }
            else
            {
                root.Add(member.Name, member.Parse(document));
            }
        }

        var index = targetsIsObject ? new TargetFileIndex(document, entries, unusual) : null;
        return new TargetsMetadataReader(document, root, signedMembers, signedStart, signedLength, index, hasNonInteger);
    }

    /// <summary>The canonical JSON of <c>signed</c> as read.</summary>
    /// <exception cref="CanonicalJsonException">It has no canonical form.</exception>
    public ReadOnlyMemory<byte> CanonicalSigned()
    {
        // Canonical JSON is never longer than the JSON it is made from without its whitespace (escapes only get
        // shorter, -0 becomes 0): one array of (nearly always exactly) that size.
        var output = new GrowableBuffer(_signedLength - WhitespaceOutsideStrings(_document.AsSpan(_signedStart, _signedLength)));
        WriteCanonicalSigned(output);
        return output.Written;
    }

    /// <summary>
    /// Feeds the canonical JSON of <c>signed</c> as read to each of <paramref name="hashes"/>, a small piece at a time:
    /// the canonical form is never held whole (at 100,000 targets it is 25 MB).
    /// </summary>
    /// <exception cref="CanonicalJsonException">It has no canonical form.</exception>
    public void HashCanonicalSigned(IReadOnlyList<IncrementalHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var output = new HashingWriter(hashes);
        WriteCanonicalSigned(output);
        output.Flush();
    }

    private void WriteCanonicalSigned(IBufferWriter<byte> output)
    {
        var ordered = new List<Member>(_signedMembers);
        ordered.Sort((a, b) => CodePointStringComparer.Instance.Compare(a.Name, b.Name));
        CanonicalJson.WriteByte(output, (byte)'{');
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i > 0)
            {
                CanonicalJson.WriteByte(output, (byte)',');
            }

            CanonicalJson.WriteString(output, ordered[i].Name);
            CanonicalJson.WriteByte(output, (byte)':');
            if (ordered[i].Name == "targets" && Targets is not null)
            {
                Targets.WriteCanonical(output);
            }
            else
            {
                CanonicalJson.WriteCheckedUtf8(_document.AsMemory(ordered[i].Start, ordered[i].Length), output);
            }
        }

        CanonicalJson.WriteByte(output, (byte)'}');
    }

    // Records where each target is. Repeated keys are found by sorting the entries (which the index needs anyway),
    // not with a set of 100,000 strings; the error is the one the tokenizer would have raised, at the first repeat in
    // document order, and it comes before any later error of the document, as it would have.
    // The bytes of insignificant whitespace in checked JSON (strings skipped, escapes included).
    private static int WhitespaceOutsideStrings(ReadOnlySpan<byte> json)
    {
        var count = 0;
        var i = 0;
        while (i < json.Length)
        {
            var b = json[i];
            if (b == (byte)'"')
            {
                // To the closing quote: the next quote not escaped by an odd run of backslashes.
                i++;
                while (true)
                {
                    var next = i < json.Length ? json[i..].IndexOfAny((byte)'"', (byte)'\\') : -1;
                    if (next < 0)
                    {
                        // Not reached for checked JSON; an unterminated string adds no whitespace.
                        return count;
                    }

                    i += next;
                    if (json[i] == (byte)'\\')
                    {
                        i += 2;
                        continue;
                    }

                    i++;
                    break;
                }

                continue;
            }

            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                count++;
            }

            i++;
        }

        return count;
    }

    private static bool ReadTargets(ref StrictJsonReader reader, byte[] document, List<TargetFileIndex.Entry> entries, List<TargetFileIndex.Entry> unusual)
    {
        var hasNonInteger = false;
        reader.LeaveRepeatedKeysOfThisObjectToCaller();
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var keyStart = (int)reader.TokenStartIndex + 1;
                var keyLength = reader.ValueSpan.Length;
                var unescaped = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()) : null;
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                hasNonInteger |= reader.SkipValue();
                var entry = new TargetFileIndex.Entry(keyStart, keyLength, valueStart, (int)reader.BytesConsumed - valueStart, unescaped);
                entries.Add(entry);
                if (!TargetFileIndex.IsPlainEntry(entry.Value(document)))
                {
                    unusual.Add(entry);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or StrictJsonException)
        {
            TargetFileIndex.SortAndCheckRepeats(document, entries);
            throw;
        }

        TargetFileIndex.SortAndCheckRepeats(document, entries);
        return hasNonInteger;
    }

    private readonly record struct Member(string Name, int Start, int Length)
    {
        public JsonNode? Parse(byte[] document) => JsonNode.Parse(document.AsSpan(Start, Length));
    }

    // Collects what is written in a small buffer and feeds it to the hashes when full. A request larger than the
    // buffer (one long string) gets a buffer of its size.
    private sealed class HashingWriter : IBufferWriter<byte>
    {
        private const int ChunkSize = 16 * 1024;
        private readonly IReadOnlyList<IncrementalHash> _hashes;
        private byte[] _buffer = new byte[ChunkSize];
        private int _written;

        public HashingWriter(IReadOnlyList<IncrementalHash> hashes)
        {
            _hashes = hashes;
        }

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        public void Flush()
        {
            if (_written == 0)
            {
                return;
            }

            var data = _buffer.AsSpan(0, _written);
            foreach (var hash in _hashes)
            {
                hash.AppendData(data);
            }

            _written = 0;
        }

        private void Ensure(int sizeHint)
        {
            var needed = Math.Max(sizeHint, 1);
            if (_buffer.Length - _written >= needed)
            {
                return;
            }

            Flush();
            if (needed > _buffer.Length)
            {
                _buffer = new byte[needed];
            }
        }
    }

    // One array of a known upper size, grown only if the estimate was short.
    private sealed class GrowableBuffer : IBufferWriter<byte>
    {
        private byte[] _buffer;
        private int _written;

        public GrowableBuffer(int capacity)
        {
            _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(capacity, 256));
        }

        public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        private void Ensure(int sizeHint)
        {
            var needed = _written + Math.Max(sizeHint, 1);
            if (needed > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
            }
        }
    }
}
