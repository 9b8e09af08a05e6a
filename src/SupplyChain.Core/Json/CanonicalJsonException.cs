using System;

namespace SupplyChain.Core.Json;

/// <summary>
/// A JSON value that has no OLPC canonical form: a non-integer number, a string that is not valid Unicode,
/// an object with a repeated key, or nesting deeper than the limit.
/// </summary>
public sealed class CanonicalJsonException : FormatException
{
    /// <summary>Creates the exception with the reason.</summary>
    public CanonicalJsonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public CanonicalJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CanonicalJsonException()
        : base("The JSON value has no canonical form.")
    {
    }
}
