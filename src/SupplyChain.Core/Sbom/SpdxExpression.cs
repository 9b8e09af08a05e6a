using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SupplyChain.Core.Sbom;

/// <summary>The binary operators of an SPDX license expression.</summary>
public enum SpdxOperator
{
    /// <summary><c>AND</c>: every operand applies.</summary>
    And,

    /// <summary><c>OR</c>: a choice of the operands.</summary>
    Or,
}

/// <summary>
/// A parsed SPDX license expression (SPDX specification, annex "SPDX license expressions"): license identifiers
/// from the SPDX list (with an optional <c>+</c>), <c>LicenseRef-</c> and <c>DocumentRef-...:LicenseRef-</c>
/// references, <c>WITH</c> an exception (or an <c>AdditionRef-</c>), <c>AND</c>, <c>OR</c> and parentheses.
/// Precedence from tightest: <c>+</c>, <c>WITH</c>, <c>AND</c>, <c>OR</c>. Operators are matched in upper or lower
/// case (not mixed), identifiers case-insensitively. <see cref="ToString"/> is the normalised form: identifiers in
/// their canonical case, upper-case operators, single spaces, and parentheses around every operand whose operator
/// differs from its parent's, so the grouping is always visible.
/// </summary>
public abstract class SpdxExpression
{
    /// <summary>Expressions longer than this are rejected, so a hostile nuspec cannot make us do much work.</summary>
    public const int MaxLength = 4096;

    /// <summary>Parentheses nested deeper than this are rejected, so parsing cannot exhaust the stack.</summary>
    public const int MaxDepth = 64;

    private protected SpdxExpression()
    {
    }

    /// <summary>
    /// The canonical SPDX license identifier when the whole expression is one listed license without <c>+</c>,
    /// which CycloneDX can record as <c>license.id</c>; otherwise null.
    /// </summary>
    public virtual string? SingleLicenseId => null;

    /// <summary>Parses an expression and says why when it is not valid.</summary>
    public static SpdxExpressionParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SpdxExpressionParseResult.Invalid("the expression is empty");
        }

        if (text.Length > MaxLength)
        {
            return SpdxExpressionParseResult.Invalid($"the expression is longer than {MaxLength} characters");
        }

        var parser = new Parser(text);
        return parser.ParseAll();
    }

    /// <summary>Parses an expression; false when it is not a valid SPDX license expression.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SpdxExpression? expression)
    {
        expression = Parse(text).Expression;
        return expression is not null;
    }

    /// <summary>The normalised expression.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder, parent: null);
        return builder.ToString();
    }

    internal abstract void Append(StringBuilder builder, SpdxOperator? parent);

    private sealed class Parser
    {
        private readonly List<string> _tokens;
        private int _position;
        private int _depth;
        private string? _error;

        public Parser(string text)
        {
            _tokens = Tokenize(text);
        }

        public SpdxExpressionParseResult ParseAll()
        {
            var expression = ParseOr();
            if (expression is not null && _error is null && _position < _tokens.Count)
            {
                var token = _tokens[_position];
                _error = token == ")" ? "a ')' has no matching '('"
                    : IsMixedCaseOperator(token) ? MixedCaseOperator(token)
                    : $"'{token}' is not expected after a complete expression";
            }

            return _error is null && expression is not null
                ? new SpdxExpressionParseResult(expression, null)
                : SpdxExpressionParseResult.Invalid(_error ?? "the expression is not valid");
        }

        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            var start = -1;
            for (var i = 0; i <= text.Length; i++)
            {
                var c = i < text.Length ? text[i] : ' ';
                var isDelimiter = c is '(' or ')' || char.IsWhiteSpace(c);
                if (isDelimiter)
                {
                    if (start >= 0)
                    {
                        tokens.Add(text[start..i]);
                        start = -1;
                    }

                    if (c is '(' or ')')
                    {
                        tokens.Add(c.ToString());
                    }
                }
                else if (start < 0)
                {
                    start = i;
                }
            }

            return tokens;
        }

        private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

        private SpdxExpression? ParseOr()
        {
            var left = ParseAnd();
            while (left is not null && IsOperator(Peek, "OR"))
            {
                _position++;
                var right = ParseAnd();
                if (right is null)
                {
                    return null;
                }

                left = new SpdxCompoundExpression(SpdxOperator.Or, left, right);
            }

            return left;
        }

        private SpdxExpression? ParseAnd()
        {
            var left = ParseWith();
            while (left is not null && IsOperator(Peek, "AND"))
            {
                _position++;
                var right = ParseWith();
                if (right is null)
                {
                    return null;
                }

                left = new SpdxCompoundExpression(SpdxOperator.And, left, right);
            }

            return left;
        }

        private SpdxExpression? ParseWith()
        {
            var token = Peek;
            if (token is null)
            {
                return Fail("the expression ends where a license was expected");
            }

            if (token == "(")
            {
                if (++_depth > MaxDepth)
                {
                    return Fail($"parentheses are nested deeper than {MaxDepth}");
                }

                _position++;
                var inner = ParseOr();
                if (inner is null)
                {
                    return null;
                }

                if (Peek != ")")
                {
                    return Fail(Peek is null ? "a '(' is not closed" : IsMixedCaseOperator(Peek) ? MixedCaseOperator(Peek) : $"'{Peek}' is not expected; an operator or ')' was expected");
                }

                _position++;
                _depth--;
                if (IsOperator(Peek, "WITH"))
                {
                    return Fail("WITH must follow a single license, not a parenthesised expression");
                }

                return inner;
            }

            var license = ParseLicense(token);
            if (license is null)
            {
                return null;
            }

            _position++;
            if (!IsOperator(Peek, "WITH"))
            {
                return license;
            }

            _position++;
            var exceptionToken = Peek;
            if (exceptionToken is null or "(" or ")")
            {
                return Fail("a license exception must follow WITH");
            }

            var exception = ParseException(exceptionToken);
            if (exception is null)
            {
                return null;
            }

            _position++;
            return new SpdxWithException(license, exception);
        }

        private SpdxLicenseReference? ParseLicense(string token)
        {
            if (token == ")")
            {
                return Fail<SpdxLicenseReference>("a ')' comes where a license was expected");
            }

            if (IsAnyOperator(token))
            {
                return Fail<SpdxLicenseReference>($"the operator '{token}' comes where a license was expected");
            }

            if (IsMixedCaseOperator(token))
            {
                return Fail<SpdxLicenseReference>(MixedCaseOperator(token));
            }

            if (TryParseReference(token, "LicenseRef-", out var reference, out var referenceError))
            {
                return referenceError is null ? new SpdxLicenseReference(reference!, isLicenseRef: true, orLater: false) : Fail<SpdxLicenseReference>(referenceError);
            }

            if (SpdxLicenseList.TryGetLicenseId(token, out var canonical))
            {
                return new SpdxLicenseReference(canonical, isLicenseRef: false, orLater: false);
            }

            if (token.Length > 1 && token.EndsWith('+'))
            {
                var baseId = token[..^1];
                if (SpdxLicenseList.TryGetLicenseId(baseId, out canonical))
                {
                    return new SpdxLicenseReference(canonical, isLicenseRef: false, orLater: true);
                }
            }

            if (SpdxLicenseList.TryGetExceptionId(token, out canonical))
            {
                return Fail<SpdxLicenseReference>($"'{canonical}' is a license exception and may only follow WITH");
            }

            return Fail<SpdxLicenseReference>($"'{token}' is not a license identifier of the SPDX license list {SpdxLicenseList.ListVersion} nor a LicenseRef-");
        }

        private string? ParseException(string token)
        {
            if (TryParseReference(token, "AdditionRef-", out var reference, out var referenceError))
            {
                return referenceError is null ? reference : Fail<string>(referenceError);
            }

            if (SpdxLicenseList.TryGetExceptionId(token, out var canonical))
            {
                return canonical;
            }

            if (SpdxLicenseList.TryGetLicenseId(token, out canonical))
            {
                return Fail<string>($"'{canonical}' is a license, not a license exception, and cannot follow WITH");
            }

            return Fail<string>($"'{token}' is not a license exception identifier of the SPDX license list {SpdxLicenseList.ListVersion} nor an AdditionRef-");
        }

        // [DocumentRef-<idstring>:]<prefix><idstring>, idstring = 1*(ALPHA / DIGIT / "-" / ".").
        private static bool TryParseReference(string token, string prefix, out string? normalised, out string? error)
        {
            normalised = null;
            error = null;
            var rest = token;
            string? document = null;
            if (rest.StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase))
            {
                var colon = rest.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    error = $"'{token}' names a document but no {prefix} after ':'";
                    return true;
                }

                document = rest["DocumentRef-".Length..colon];
                rest = rest[(colon + 1)..];
                if (!IsIdString(document))
                {
                    error = $"'{token}' has an empty or invalid DocumentRef- name (letters, digits, '-' and '.' only)";
                    return true;
                }

                if (!rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    error = $"'{token}' must continue with {prefix} after the DocumentRef-";
                    return true;
                }
            }
            else if (!rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var id = rest[prefix.Length..];
            if (!IsIdString(id))
            {
                error = $"'{token}' has an empty or invalid {prefix} name (letters, digits, '-' and '.' only)";
                return true;
            }

            normalised = (document is null ? string.Empty : "DocumentRef-" + document + ":") + prefix + id;
            return true;
        }

        private static bool IsIdString(string value)
        {
            if (value.Length == 0)
            {
                return false;
            }

            foreach (var c in value)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsOperator(string? token, string upper)
            => token is not null && (string.Equals(token, upper, StringComparison.Ordinal) || string.Equals(token, upper.ToLowerInvariant(), StringComparison.Ordinal));

        private static bool IsAnyOperator(string token) => IsOperator(token, "AND") || IsOperator(token, "OR") || IsOperator(token, "WITH");

        private static string MixedCaseOperator(string token)
            => $"the operator '{token}' must be written in upper case ('{token.ToUpperInvariant()}') or lower case ('{token.ToLowerInvariant()}')";

        private static bool IsMixedCaseOperator(string token)
            => !IsAnyOperator(token) && (token.Equals("AND", StringComparison.OrdinalIgnoreCase) || token.Equals("OR", StringComparison.OrdinalIgnoreCase) || token.Equals("WITH", StringComparison.OrdinalIgnoreCase));

        private T? Fail<T>(string error)
            where T : class
        {
            _error ??= error;
            return null;
        }

        private SpdxExpression? Fail(string error) => Fail<SpdxExpression>(error);
    }
}

/// <summary>One license: an SPDX list identifier (optionally "or later") or a <c>LicenseRef-</c>.</summary>
public sealed class SpdxLicenseReference : SpdxExpression
{
    internal SpdxLicenseReference(string id, bool isLicenseRef, bool orLater)
    {
        Id = id;
        IsLicenseRef = isLicenseRef;
        OrLater = orLater;
    }

    /// <summary>The canonical identifier, or the whole <c>[DocumentRef-x:]LicenseRef-y</c> reference.</summary>
    public string Id { get; }

    /// <summary>True for a <c>LicenseRef-</c> reference rather than a listed identifier.</summary>
    public bool IsLicenseRef { get; }

    /// <summary>True when the identifier carries <c>+</c> ("this version or any later one").</summary>
    public bool OrLater { get; }

    /// <inheritdoc />
    public override string? SingleLicenseId => IsLicenseRef || OrLater ? null : Id;

    internal override void Append(StringBuilder builder, SpdxOperator? parent)
    {
        builder.Append(Id);
        if (OrLater)
        {
            builder.Append('+');
        }
    }
}

/// <summary>A license with an exception: <c>license WITH exception</c>.</summary>
public sealed class SpdxWithException : SpdxExpression
{
    internal SpdxWithException(SpdxLicenseReference license, string exceptionId)
    {
        License = license;
        ExceptionId = exceptionId;
    }

    /// <summary>The license the exception applies to.</summary>
    public SpdxLicenseReference License { get; }

    /// <summary>The canonical exception identifier, or the <c>AdditionRef-</c> reference.</summary>
    public string ExceptionId { get; }

    internal override void Append(StringBuilder builder, SpdxOperator? parent)
    {
        License.Append(builder, parent);
        builder.Append(" WITH ").Append(ExceptionId);
    }
}

/// <summary>Two expressions joined by <c>AND</c> or <c>OR</c>.</summary>
public sealed class SpdxCompoundExpression : SpdxExpression
{
    internal SpdxCompoundExpression(SpdxOperator @operator, SpdxExpression left, SpdxExpression right)
    {
        Operator = @operator;
        Left = left;
        Right = right;
    }

    /// <summary>The operator.</summary>
    public SpdxOperator Operator { get; }

    /// <summary>The left operand.</summary>
    public SpdxExpression Left { get; }

    /// <summary>The right operand.</summary>
    public SpdxExpression Right { get; }

    internal override void Append(StringBuilder builder, SpdxOperator? parent)
    {
        var parenthesise = parent is not null && parent != Operator;
        if (parenthesise)
        {
            builder.Append('(');
        }

        Left.Append(builder, Operator);
        builder.Append(Operator == SpdxOperator.And ? " AND " : " OR ");
        Right.Append(builder, Operator);
        if (parenthesise)
        {
            builder.Append(')');
        }
    }
}

/// <summary>The outcome of <see cref="SpdxExpression.Parse"/>.</summary>
/// <param name="Expression">The parsed expression, or null when the text is not valid.</param>
/// <param name="Error">Why the text is not valid, or null.</param>
public sealed record SpdxExpressionParseResult(SpdxExpression? Expression, string? Error)
{
    /// <summary>True when the text is a valid SPDX license expression.</summary>
    [MemberNotNullWhen(true, nameof(Expression))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Expression is not null;

    /// <summary>The normalised expression, or null.</summary>
    public string? Normalized => Expression?.ToString();

    internal static SpdxExpressionParseResult Invalid(string error) => new(null, error);
}
