using System;

namespace SupplyChain.Core.Json;

/// <summary>A JSON document that is valid JSON but not of the expected shape, with the line of the offending value.</summary>
internal sealed class JsonShapeException : Exception
{
    public JsonShapeException(string message, int line)
        : base(message)
    {
        Line = line;
    }

    /// <summary>The 1-based line, or 0 when not known.</summary>
    public int Line { get; }
}
