using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace SupplyChain.Core.Json;

/// <summary>
/// Parses UTF-8 JSON into a <see cref="JsonTreeNode"/> tree that keeps line numbers. Syntax errors surface as
/// <see cref="JsonException"/> (with its 0-based <see cref="JsonException.LineNumber"/>); a property name that
/// appears twice in one object is a <see cref="JsonShapeException"/>, because readers could disagree on which one counts.
/// </summary>
internal ref struct JsonTreeParser
{
    private readonly ReadOnlySpan<byte> _utf8;
    private Utf8JsonReader _reader;
    private long _countedUpTo;
    private int _line;

    private JsonTreeParser(ReadOnlySpan<byte> utf8)
    {
        _utf8 = utf8;
        _reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 128 });
        _countedUpTo = 0;
        _line = 1;
    }

    /// <summary>Parses a whole document; a UTF-8 byte order mark is skipped.</summary>
    public static JsonTreeNode Parse(ReadOnlySpan<byte> utf8)
    {
        var bom = Encoding.UTF8.Preamble;
        if (utf8.StartsWith(bom))
        {
            utf8 = utf8[bom.Length..];
        }

        var parser = new JsonTreeParser(utf8);
        if (!parser._reader.Read())
        {
            throw new JsonShapeException("the file is empty", 1);
        }

        var root = parser.ReadValue();
        if (parser._reader.Read())
        {
            throw new JsonShapeException("there is more content after the end of the document", parser.CurrentLine());
        }

        return root;
    }

    private int CurrentLine()
    {
        var start = _reader.TokenStartIndex;
        if (start > _countedUpTo)
        {
            _line += _utf8[(int)_countedUpTo..(int)start].Count((byte)'\n');
            _countedUpTo = start;
        }

        return _line;
    }

    private JsonTreeNode ReadValue()
    {
        var line = CurrentLine();
        switch (_reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(line);
            case JsonTokenType.StartArray:
                return ReadArray(line);
            case JsonTokenType.String:
                return new JsonTreeNode(JsonTreeKind.String, line, GetString(line));
            case JsonTokenType.Number:
                return new JsonTreeNode(JsonTreeKind.Number, line, Encoding.UTF8.GetString(_reader.ValueSpan));
            case JsonTokenType.True:
                return new JsonTreeNode(JsonTreeKind.True, line);
            case JsonTokenType.False:
                return new JsonTreeNode(JsonTreeKind.False, line);
            case JsonTokenType.Null:
                return new JsonTreeNode(JsonTreeKind.Null, line);
            default:
                throw new JsonShapeException($"unexpected token {_reader.TokenType}", line);
        }
    }

    private JsonTreeNode ReadObject(int line)
    {
        var properties = new List<JsonTreeProperty>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (Read() && _reader.TokenType != JsonTokenType.EndObject)
        {
            var nameLine = CurrentLine();
            var name = GetString(nameLine);
            if (!names.Add(name))
            {
                throw new JsonShapeException($"the property '{name}' appears more than once in one object", nameLine);
            }

            Read();
            properties.Add(new JsonTreeProperty(name, nameLine, ReadValue()));
        }

        return new JsonTreeNode(JsonTreeKind.Object, line, properties: properties);
    }

    private JsonTreeNode ReadArray(int line)
    {
        var items = new List<JsonTreeNode>();
        while (Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(ReadValue());
        }

        return new JsonTreeNode(JsonTreeKind.Array, line, items: items);
    }

    private string GetString(int line)
    {
        try
        {
            return _reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader validates structure, not the UTF-8 inside strings; decoding does.
            throw new JsonShapeException("a string is not valid UTF-8", line);
        }
    }

    private bool Read()
    {
        if (!_reader.Read())
        {
            // A complete document never ends inside an object or array; Utf8JsonReader over a final span
            // throws for that itself, so this is only a guard.
            throw new JsonShapeException("the document ends before it is complete", CurrentLine());
        }

        return true;
    }
}
