using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace SupplyChain.Core.Adoption;

/// <summary>
/// An XML file edited by splicing its text: the element tree (with the character offsets of every start tag,
/// end tag and attribute value) is read once, and each edit replaces or inserts text at those offsets. Everything
/// not edited (comments, whitespace, attribute layout, quotes, entities, the declaration, the byte order mark,
/// the newline style) stays byte for byte.
/// </summary>
public sealed class XmlSpliceDocument
{
    private readonly List<(int Offset, int Length, string Text)> _edits = new();

    private XmlSpliceDocument(string text, bool byteOrderMark, XmlSpliceElement root)
    {
        Text = text;
        HasByteOrderMark = byteOrderMark;
        Root = root;
        NewLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        IndentUnit = DetectIndentUnit(text);
    }

    /// <summary>The original text.</summary>
    public string Text { get; }

    /// <summary>True when the file started with a UTF-8 byte order mark.</summary>
    public bool HasByteOrderMark { get; }

    /// <summary>The document element.</summary>
    public XmlSpliceElement Root { get; }

    /// <summary>The file's newline.</summary>
    public string NewLine { get; }

    /// <summary>One level of indentation as the file writes it (two spaces when it does not say).</summary>
    public string IndentUnit { get; }

    /// <summary>True when an edit was made.</summary>
    public bool IsChanged => _edits.Count > 0;

    /// <summary>Parses file bytes (UTF-8, with or without a byte order mark). Throws <see cref="XmlException"/> for bad XML.</summary>
    public static XmlSpliceDocument Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = new UTF8Encoding(false, true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        return Parse(text, bom);
    }

    /// <summary>Parses text. Throws <see cref="XmlException"/> for bad XML (DTDs are refused).</summary>
    public static XmlSpliceDocument Parse(string text, bool byteOrderMark = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int Offset(int line, int column) => lineStarts[line - 1] + column - 1;

        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        var info = (IXmlLineInfo)reader;
        var stack = new Stack<XmlSpliceElement>();
        XmlSpliceElement? root = null;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                var nameOffset = Offset(info.LineNumber, info.LinePosition);
                var element = new XmlSpliceElement(reader.LocalName, stack.Count > 0 ? stack.Peek() : null, nameOffset - 1);
                var empty = reader.IsEmptyElement;
                if (reader.MoveToFirstAttribute())
                {
                    do
                    {
                        var attributeOffset = Offset(info.LineNumber, info.LinePosition);
                        element.AddAttribute(reader.LocalName, reader.Value, ValueSpan(text, attributeOffset));
                    }
                    while (reader.MoveToNextAttribute());
                    reader.MoveToElement();
                }

                element.StartTagEnd = TagEnd(text, nameOffset);
                if (stack.Count > 0)
                {
                    stack.Peek().Children.Add(element);
                }
                else
                {
                    root = element;
                }

                if (empty)
                {
                    element.IsEmpty = true;
                    element.EndTagStart = element.StartTagEnd;
                    element.EndTagEnd = element.StartTagEnd;
                }
                else
                {
                    stack.Push(element);
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                var element = stack.Pop();
                element.EndTagStart = Offset(info.LineNumber, info.LinePosition) - 2;
                element.EndTagEnd = TagEnd(text, element.EndTagStart);
            }
            else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && stack.Count > 0)
            {
                stack.Peek().TextValue += reader.Value;
            }
        }

        return new XmlSpliceDocument(text, byteOrderMark, root ?? throw new XmlException("The file has no root element."));
    }

    /// <summary>The text after the edits.</summary>
    public string ToText()
    {
        var builder = new StringBuilder(Text);
        foreach (var (offset, length, replacement) in _edits.OrderByDescending(e => e.Offset).ThenByDescending(e => e.Length))
        {
            builder.Remove(offset, length).Insert(offset, replacement);
        }

        return builder.ToString();
    }

    /// <summary>The bytes after the edits (with the byte order mark when the file had one).</summary>
    public byte[] ToBytes()
    {
        var body = Encoding.UTF8.GetBytes(ToText());
        return HasByteOrderMark ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(body).ToArray() : body;
    }

    /// <summary>Sets an attribute's value (escaped for its quotes).</summary>
    public void SetAttribute(XmlSpliceElement element, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(element);
        var attribute = element.FindAttribute(name);
        if (attribute is null)
        {
            // Before the tag's closing '>' or '/>'.
            var close = element.IsEmpty ? Text.LastIndexOf('/', element.StartTagEnd - 1) : element.StartTagEnd - 1;
            var insertAt = close;
            while (insertAt > element.StartTagStart && char.IsWhiteSpace(Text[insertAt - 1]))
            {
                insertAt--;
            }

            _edits.Add((insertAt, 0, $" {name}=\"{Escape(value, '"')}\""));
            return;
        }

        if (attribute.Value == value)
        {
            return;
        }

        var quote = Text[attribute.ValueStart - 1];
        _edits.Add((attribute.ValueStart, attribute.ValueLength, Escape(value, quote)));
    }

    /// <summary>Replaces the text content of an element that holds only text (<c>&lt;X&gt;old&lt;/X&gt;</c>).</summary>
    public void SetTextContent(XmlSpliceElement element, string value)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Children.Count > 0)
        {
            throw new InvalidOperationException($"The element '{element.Name}' has child elements.");
        }

        if (element.IsEmpty)
        {
            _edits.Add((element.StartTagStart, element.StartTagEnd - element.StartTagStart, $"<{element.Name}>{Escape(value, null)}</{element.Name}>"));
            return;
        }

        _edits.Add((element.StartTagEnd, element.EndTagStart - element.StartTagEnd, Escape(value, null)));
    }

    /// <summary>
    /// Appends child markup (one or more lines, written with "\n" and indented relative to the child level) as the
    /// last children of <paramref name="parent"/>, on their own lines, indented as the file indents.
    /// </summary>
    public void AppendChild(XmlSpliceElement parent, string markup)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var parentIndent = IndentOf(parent.StartTagStart);
        var childIndent = parent.Children.Count > 0 ? IndentOf(parent.Children[0].StartTagStart) : parentIndent + IndentUnit;
        var block = Indent(markup, childIndent);
        if (parent.IsEmpty)
        {
            var open = Text[parent.StartTagStart..parent.StartTagEnd];
            open = open[..open.LastIndexOf('/')].TrimEnd() + ">";
            _edits.Add((parent.StartTagStart, parent.StartTagEnd - parent.StartTagStart, open + NewLine + block + NewLine + parentIndent + $"</{parent.Name}>"));
            return;
        }

        var lineStart = LineStart(parent.EndTagStart);
        if (string.IsNullOrWhiteSpace(Text[lineStart..parent.EndTagStart]))
        {
            _edits.Add((lineStart, 0, block + NewLine));
        }
        else
        {
            _edits.Add((parent.EndTagStart, 0, NewLine + block + NewLine + parentIndent));
        }
    }

    /// <summary>Inserts child markup as the first child of <paramref name="parent"/>, on its own line.</summary>
    public void PrependChild(XmlSpliceElement parent, string markup)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.IsEmpty || parent.Children.Count == 0)
        {
            AppendChild(parent, markup);
            return;
        }

        var parentIndent = IndentOf(parent.StartTagStart);
        var childIndent = IndentOf(parent.Children[0].StartTagStart);
        childIndent = childIndent.Length > 0 ? childIndent : parentIndent + IndentUnit;
        _edits.Add((parent.StartTagEnd, 0, NewLine + Indent(markup, childIndent)));
    }

    /// <summary>Escapes text for an attribute value in the given quotes, or for element content (null).</summary>
    public static string Escape(string value, char? quote)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when quote == '"' => "&quot;",
                '\'' when quote == '\'' => "&apos;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private string Indent(string markup, string indent)
        => string.Join(NewLine, markup.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? l : indent + l));

    private int LineStart(int offset)
    {
        var newline = offset == 0 ? -1 : Text.LastIndexOf('\n', offset - 1);
        return newline + 1;
    }

    private string IndentOf(int offset)
    {
        var start = LineStart(offset);
        var end = start;
        while (end < offset && (Text[end] == ' ' || Text[end] == '\t'))
        {
            end++;
        }

        return Text[start..end];
    }

    private static string DetectIndentUnit(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimStart(' ', '\t');
            if (trimmed.Length > 0 && trimmed.Length < line.Length && trimmed[0] == '<')
            {
                return line[..(line.Length - trimmed.Length)];
            }
        }

        return "  ";
    }

    /// <summary>The offset just after the '>' that ends the tag starting at or before <paramref name="from"/>, quotes respected.</summary>
    private static int TagEnd(string text, int from)
    {
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i + 1;
            }
        }

        throw new XmlException("A tag is not closed.");
    }

    private static (int Start, int Length) ValueSpan(string text, int attributeNameOffset)
    {
        var i = text.IndexOf('=', attributeNameOffset);
        i++;
        while (char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        var quote = text[i];
        var end = text.IndexOf(quote, i + 1);
        return (i + 1, end - i - 1);
    }
}

/// <summary>An element of an <see cref="XmlSpliceDocument"/>, with the offsets of its tags.</summary>
public sealed class XmlSpliceElement
{
    private readonly List<XmlSpliceAttribute> _attributes = new();

    internal XmlSpliceElement(string name, XmlSpliceElement? parent, int startTagStart)
    {
        Name = name;
        Parent = parent;
        StartTagStart = startTagStart;
    }

    /// <summary>The local name.</summary>
    public string Name { get; }

    /// <summary>The parent, or null for the root.</summary>
    public XmlSpliceElement? Parent { get; }

    /// <summary>The child elements, in order.</summary>
    public List<XmlSpliceElement> Children { get; } = new();

    /// <summary>The attributes, in order.</summary>
    public IReadOnlyList<XmlSpliceAttribute> Attributes => _attributes;

    /// <summary>The concatenated text content (direct text nodes), decoded.</summary>
    public string TextValue { get; internal set; } = string.Empty;

    /// <summary>True for <c>&lt;X /&gt;</c>.</summary>
    public bool IsEmpty { get; internal set; }

    /// <summary>The offset of '&lt;'.</summary>
    public int StartTagStart { get; }

    /// <summary>The offset after the start tag's '&gt;'.</summary>
    public int StartTagEnd { get; internal set; }

    /// <summary>The offset of '&lt;/' (the start tag's end for an empty element).</summary>
    public int EndTagStart { get; internal set; }

    /// <summary>The offset after the end tag's '&gt;'.</summary>
    public int EndTagEnd { get; internal set; }

    /// <summary>An attribute's decoded value, or null (names compared ignoring case, as MSBuild and NuGet do).</summary>
    public string? Attribute(string name) => FindAttribute(name)?.Value;

    /// <summary>The child elements with a name (ignoring case).</summary>
    public IEnumerable<XmlSpliceElement> Elements(string name) => Children.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every descendant element, document order.</summary>
    public IEnumerable<XmlSpliceElement> Descendants()
    {
        foreach (var child in Children)
        {
            yield return child;
            foreach (var descendant in child.Descendants())
            {
                yield return descendant;
            }
        }
    }

    internal XmlSpliceAttribute? FindAttribute(string name) => _attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    internal void AddAttribute(string name, string value, (int Start, int Length) span) => _attributes.Add(new XmlSpliceAttribute(name, value, span.Start, span.Length));
}

/// <summary>An attribute and where its raw value is.</summary>
/// <param name="Name">The local name.</param>
/// <param name="Value">The decoded value.</param>
/// <param name="ValueStart">The offset of the raw value (after the quote).</param>
/// <param name="ValueLength">The raw value's length.</param>
public sealed record XmlSpliceAttribute(string Name, string Value, int ValueStart, int ValueLength);
