using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyChain.Core.Json;

/// <summary>
/// Parses JSON the way signed metadata must be parsed: RFC 8259 only (no comments, no trailing commas, no BOM,
/// nothing after the value), strings that are valid Unicode (no lone surrogate escapes), and no key repeated in
/// an object. System.Text.Json accepts repeated keys in <see cref="JsonDocument"/>, and which value wins differs
/// between parsers, so two readers of one file could see two documents; TUF requires that such input is rejected.
/// </summary>
public static class StrictJson
{
    /// <summary>The default deepest nesting accepted.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Parses UTF-8 JSON strictly.</summary>
    /// <param name="utf8Json">The bytes of the document.</param>
    /// <param name="maxDepth">The deepest nesting of arrays and objects accepted.</param>
    /// <returns>The node, or the reason and position of the first problem.</returns>
    public static StrictJsonResult Parse(ReadOnlySpan<byte> utf8Json, int maxDepth = DefaultMaxDepth)
    {
        var problem = Check(utf8Json, maxDepth);
        if (problem is not null)
        {
            return problem;
        }

        // The strict reader above accepts a subset of what System.Text.Json accepts (with the same depth limit), so
        // this parse does not fail. Were the two ever to disagree, its exception escapes: the caller fails closed,
        // as on any unforeseen error, rather than treating the input as valid.
        var node = JsonNode.Parse(utf8Json, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth });
        return new StrictJsonResult(node, null, 0, 0);
    }

    /// <summary>Parses UTF-8 JSON strictly and returns the node, or throws.</summary>
    /// <exception cref="JsonException">The input is not strict JSON; the message says why.</exception>
    public static JsonNode? ParseOrThrow(ReadOnlySpan<byte> utf8Json, int maxDepth = DefaultMaxDepth)
    {
        var result = Parse(utf8Json, maxDepth);
        if (!result.IsSuccess)
        {
            throw new JsonException(result.Error, null, result.LineNumber - 1, result.BytePositionInLine - 1);
        }

        return result.Node;
    }

    private static StrictJsonResult? Check(ReadOnlySpan<byte> utf8Json, int maxDepth)
    {
        var reader = new StrictJsonReader(utf8Json, maxDepth);
        try
        {
            reader.ReadToEnd();
        }
        catch (JsonException ex)
        {
            return Failure(ex.Message, (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1);
        }
        catch (StrictJsonException ex)
        {
            var (line, column) = StrictJsonReader.Position(utf8Json, ex.TokenStartIndex);
            return Failure(ex.Problem == StrictJsonProblem.InvalidString ? "A string is not valid Unicode: " + ex.Message : ex.Message, line, column);
        }

        return null;
    }

    private static StrictJsonResult Failure(string error, long line, long column) => new(null, error, line, column);
}

/// <summary>The outcome of <see cref="StrictJson.Parse"/>.</summary>
/// <param name="Node">The parsed node when <see cref="IsSuccess"/>; null also for the JSON literal <c>null</c>.</param>
/// <param name="Error">Why the input was rejected, or null.</param>
/// <param name="LineNumber">The 1-based line of the problem, or 0.</param>
/// <param name="BytePositionInLine">The 1-based byte column of the problem, or 0.</param>
public sealed record StrictJsonResult(JsonNode? Node, string? Error, long LineNumber, long BytePositionInLine)
{
    /// <summary>True when the input is strict JSON.</summary>
    public bool IsSuccess => Error is null;
}
