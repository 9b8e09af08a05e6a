using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Policy;

/// <summary>The outcome of evaluating a package's licence against a <see cref="LicenseRule"/>.</summary>
public enum LicenseVerdict
{
    /// <summary>The expression offers a choice the rule allows.</summary>
    Allowed,

    /// <summary>Every choice needs a licence the rule denies or does not allow.</summary>
    NotAllowed,

    /// <summary>No licence expression (missing, URL-only, a licence file).</summary>
    Unknown,

    /// <summary>The declared expression is not a valid SPDX expression.</summary>
    Malformed,
}

/// <summary>The verdict and why.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Reason">Why, for the message.</param>
public sealed record LicenseEvaluation(LicenseVerdict Verdict, string Reason);

/// <summary>What a package declares as its licence.</summary>
/// <param name="Expression">The SPDX expression (nuspec <c>license type="expression"</c>), or null.</param>
/// <param name="LicenseUrl">The legacy licence URL, or null.</param>
/// <param name="LicenseFile">The licence file in the package, or null.</param>
public sealed record DeclaredLicense(string? Expression, string? LicenseUrl, string? LicenseFile)
{
    /// <summary>Nothing declared.</summary>
    public static DeclaredLicense None { get; } = new(null, null, null);
}

/// <summary>
/// Evaluates an SPDX licence expression over the whole expression: <c>OR</c> passes when one operand passes,
/// <c>AND</c> when both do. A leaf passes when it is not denied and (the allow list is empty or it is allowed).
/// <c>id WITH exception</c> is looked up as the whole "id WITH exception" first, then as the id; <c>id+</c> ("or later")
/// is denied when the id is, and allowed only when "id+" itself is listed. No expression is its own verdict
/// (<see cref="LicenseVerdict.Unknown"/>), and an expression that does not parse is <see cref="LicenseVerdict.Malformed"/>,
/// never a pass.
/// </summary>
public static class LicenseEvaluator
{
    /// <summary>Evaluates a declared licence.</summary>
    public static LicenseEvaluation Evaluate(DeclaredLicense declared, LicenseRule rule)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(rule);
        if (declared.Expression is null)
        {
            var why = declared.LicenseFile is not null ? "only a licence file, '" + declared.LicenseFile + "'"
                : declared.LicenseUrl is not null ? "only a licence URL, " + declared.LicenseUrl
                : "no licence";
            return new LicenseEvaluation(LicenseVerdict.Unknown, why);
        }

        var parsed = SpdxExpression.Parse(declared.Expression);
        if (!parsed.IsValid)
        {
            return new LicenseEvaluation(LicenseVerdict.Malformed, parsed.Error ?? "not valid");
        }

        var allow = new HashSet<string>(rule.Allow.Select(NormalizeKey), StringComparer.OrdinalIgnoreCase);
        var deny = new HashSet<string>(rule.Deny.Select(NormalizeKey), StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        return Passes(parsed.Expression!, allow, deny, failures)
            ? new LicenseEvaluation(LicenseVerdict.Allowed, "allowed")
            : new LicenseEvaluation(LicenseVerdict.NotAllowed, string.Join("; ", failures.Distinct(StringComparer.Ordinal)));
    }

    /// <summary>Normalises an allow/deny list entry: a listed id in canonical case (with an optional <c>+</c>), a <c>LicenseRef-</c>, or <c>id WITH exception</c>.</summary>
    public static bool TryNormalizeListEntry(string text, out string canonical)
    {
        canonical = string.Empty;
        if (!SpdxExpression.TryParse(text, out var expression))
        {
            return false;
        }

        switch (expression)
        {
            case SpdxLicenseReference reference:
                canonical = Leaf(reference);
                return true;
            case SpdxWithException with:
                canonical = Leaf(with);
                return true;
            default:
                return false;
        }
    }

    private static string Leaf(SpdxLicenseReference reference) => reference.Id + (reference.OrLater ? "+" : string.Empty);

    private static string Leaf(SpdxWithException with) => Leaf(with.License) + " WITH " + with.ExceptionId;

    /// <summary>
    /// The comparison key of a list entry or leaf: the licence family without its version-choice suffix, then
    /// <c>+</c> for "or later". The deprecated GNU ids mean the same as the new ones (<c>GPL-3.0</c> is
    /// <c>GPL-3.0-only</c>, <c>GPL-3.0+</c> is <c>GPL-3.0-or-later</c>), so a package cannot walk around a deny list by
    /// declaring the old spelling.
    /// </summary>
    private static string Key(string id)
    {
        var orLater = false;
        var core = id;
        if (core.EndsWith('+'))
        {
            core = core[..^1];
            orLater = true;
        }
        else if (core.EndsWith("-or-later", StringComparison.OrdinalIgnoreCase))
        {
            core = core[..^"-or-later".Length];
            orLater = true;
        }
        else if (core.EndsWith("-only", StringComparison.OrdinalIgnoreCase))
        {
            core = core[..^"-only".Length];
        }

        return core + (orLater ? "+" : string.Empty);
    }

    private static string Family(string key) => key.TrimEnd('+');

    private static string NormalizeKey(string entry)
    {
        var with = entry.IndexOf(" WITH ", StringComparison.Ordinal);
        return with < 0 ? Key(entry) : Key(entry[..with]) + entry[with..];
    }

    private static bool Passes(SpdxExpression expression, HashSet<string> allow, HashSet<string> deny, List<string> failures)
    {
        switch (expression)
        {
            case SpdxCompoundExpression compound when compound.Operator == SpdxOperator.Or:
                // Evaluate both so the message names every failing choice.
                var left = Passes(compound.Left, allow, deny, failures);
                var right = Passes(compound.Right, allow, deny, failures);
                return left || right;
            case SpdxCompoundExpression compound:
                var l = Passes(compound.Left, allow, deny, failures);
                var r = Passes(compound.Right, allow, deny, failures);
                return l && r;
            case SpdxWithException with:
                var whole = Key(Leaf(with.License)) + " WITH " + with.ExceptionId;
                if (deny.Contains(whole))
                {
                    failures.Add(Leaf(with) + " is denied");
                    return false;
                }

                return allow.Contains(whole) ? !IsDenied(with.License, deny, failures) : PassesLeaf(with.License, allow, deny, failures);
            case SpdxLicenseReference reference:
                return PassesLeaf(reference, allow, deny, failures);
            default:
                failures.Add("'" + expression + "' is not understood");
                return false;
        }
    }

    private static bool IsDenied(SpdxLicenseReference reference, HashSet<string> deny, List<string> failures)
    {
        // A denied family is denied in every version choice: deny "GPL-3.0-only" also denies "GPL-3.0-or-later".
        var family = Family(Key(Leaf(reference)));
        if (deny.Contains(family) || deny.Contains(family + "+"))
        {
            failures.Add(Leaf(reference) + " is denied");
            return true;
        }

        return false;
    }

    private static bool PassesLeaf(SpdxLicenseReference reference, HashSet<string> allow, HashSet<string> deny, List<string> failures)
    {
        if (IsDenied(reference, deny, failures))
        {
            return false;
        }

        // "X-or-later" offers X itself, so allowing X allows it; allowing "X-or-later" does not allow "X-only".
        var key = Key(Leaf(reference));
        if (allow.Count == 0 || allow.Contains(key) || (key.EndsWith('+') && allow.Contains(Family(key))))
        {
            return true;
        }

        failures.Add(Leaf(reference) + " is not in the allow list");
        return false;
    }
}
