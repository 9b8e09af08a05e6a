using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace SupplyChain.Core.Json;

/// <summary>
/// Parses UTF-8 JSON into a <see cref="JsonTreeNode"/> tree that keeps line numbers, over the one strict tokenizer
/// (<see cref="StrictJsonReader"/>; a byte order mark is skipped, nesting up to 128). Syntax errors surface as
/// <see cref="JsonException"/> (with its 0-based <see cref="JsonException.LineNumber"/>); a property name that
/// appears twice in one object, or a string that is not valid Unicode, is a <see cref="JsonShapeException"/> with the
/// line, because readers could disagree on which one counts.
/// </summary>
internal ref struct JsonTreeParser
{
    private const int MaxDepth = 128;
    private StrictJsonReader _reader;

    private JsonTreeParser(ReadOnlySpan<byte> utf8)
    {
        _reader = new StrictJsonReader(utf8, MaxDepth, skipByteOrderMark: true);
    }

    /// <summary>Parses a whole document; a UTF-8 byte order mark is skipped.</summary>
    public static JsonTreeNode Parse(ReadOnlySpan<byte> utf8)
    {
        var parser = new JsonTreeParser(utf8);
        try
        {
            if (!parser._reader.Read())
            {
                throw new JsonShapeException("the file is empty", 1);
            }

            var root = parser.ReadValue();
            if (parser._reader.Read())
            {
                throw new JsonShapeException("there is more content after the end of the document", parser._reader.CurrentLine());
            }

            return root;
        }
        catch (StrictJsonException ex)
        {
            var (line, _) = StrictJsonReader.Position(parser._reader.Document, ex.TokenStartIndex);
            throw ex.Problem == StrictJsonProblem.DuplicateKey
                ? new JsonShapeException($"the property '{ex.Key}' appears more than once in one object", (int)line)
                : new JsonShapeException("a string is not valid UTF-8", (int)line);
        }
    }

    private JsonTreeNode ReadValue()
    {
        var line = _reader.CurrentLine();
        switch (_reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(line);
            case JsonTokenType.StartArray:
                return ReadArray(line);
            case JsonTokenType.String:
                return new JsonTreeNode(JsonTreeKind.String, line, _reader.GetString());
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
        while (Read() && _reader.TokenType != JsonTokenType.EndObject)
        {
            // The tokenizer has checked that the name is valid Unicode and new in this object.
            var nameLine = _reader.CurrentLine();
            var name = _reader.GetString();
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

    private bool Read()
    {
        if (!_reader.Read())
        {
            // A complete document never ends inside an object or array; Utf8JsonReader over a final span
            // throws for that itself, so this is only a guard.
            throw new JsonShapeException("the document ends before it is complete", _reader.CurrentLine());
        }

        return true;
    }
}
