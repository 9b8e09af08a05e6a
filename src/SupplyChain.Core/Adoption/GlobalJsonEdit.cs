using System;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SupplyChain.Core.Adoption;

/// <summary>Sets an MSBuild project SDK version in <c>global.json</c> (<c>msbuild-sdks</c>), editing only that text.</summary>
public static class GlobalJsonEdit
{
    /// <summary>
    /// The text of <c>global.json</c> with <c>msbuild-sdks.{name}</c> set to <paramref name="version"/>; a missing
    /// file (null) becomes a new one. Throws <see cref="JsonException"/> when the text is not a JSON object.
    /// </summary>
    public static string SetMsBuildSdk(string? text, string name, string version)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        var member = $"\"{JsonEncodedText.Encode(name)}\": \"{JsonEncodedText.Encode(version)}\"";
        if (string.IsNullOrWhiteSpace(text))
        {
            return "{\n  \"msbuild-sdks\": {\n    " + member + "\n  }\n}\n";
        }

        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("global.json is not a JSON object.");
        }

        var rootOpen = (int)reader.TokenStartIndex;
        int rootLastValueEnd = -1, sdksOpen = -1, sdksLastValueEnd = -1;
        int? firstRootMember = null;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                firstRootMember ??= (int)reader.TokenStartIndex;
                var isSdks = reader.ValueTextEquals("msbuild-sdks");
                reader.Read();
                if (isSdks && reader.TokenType == JsonTokenType.StartObject)
                {
                    sdksOpen = (int)reader.TokenStartIndex;
                    while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1))
                    {
                        if (reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var isOurs = reader.ValueTextEquals(name);
                            reader.Read();
                            if (isOurs && reader.TokenType == JsonTokenType.String)
                            {
                                if (reader.GetString() == version)
                                {
                                    return text;
                                }

                                var start = (int)reader.TokenStartIndex;
                                var end = (int)reader.BytesConsumed;
                                return Splice(bytes, start, end - start, $"\"{JsonEncodedText.Encode(version)}\"");
                            }

                            reader.Skip();
                            sdksLastValueEnd = (int)reader.BytesConsumed;
                        }
                    }

                    rootLastValueEnd = (int)reader.BytesConsumed;
                    var indent = IndentAt(text, bytes, firstRootMember.Value);
                    if (sdksLastValueEnd >= 0)
                    {
                        return Splice(bytes, sdksLastValueEnd, 0, "," + newLine + indent + indent + member);
                    }

                    return Splice(bytes, sdksOpen + 1, 0, newLine + indent + indent + member + newLine + indent);
                }

                reader.Skip();
                rootLastValueEnd = (int)reader.BytesConsumed;
            }
        }

        var rootIndent = firstRootMember is null ? "  " : IndentAt(text, bytes, firstRootMember.Value);
        var block = "\"msbuild-sdks\": {" + newLine + rootIndent + rootIndent + member + newLine + rootIndent + "}";
        return rootLastValueEnd >= 0
            ? Splice(bytes, rootLastValueEnd, 0, "," + newLine + rootIndent + block)
            : Splice(bytes, rootOpen + 1, 0, newLine + rootIndent + block + newLine);
    }

    private static string Splice(byte[] bytes, int offset, int length, string insert)
        => Encoding.UTF8.GetString(bytes, 0, offset) + insert + Encoding.UTF8.GetString(bytes, offset + length, bytes.Length - offset - length);

    private static string IndentAt(string text, byte[] bytes, int byteOffset)
    {
        var offset = Encoding.UTF8.GetString(bytes, 0, byteOffset).Length;
        var lineStart = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        var indent = new string(text[lineStart..offset].TakeWhile(c => c is ' ' or '\t').ToArray());
        return indent.Length == 0 ? "  " : indent;
    }
}
