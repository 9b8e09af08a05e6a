using System;
using SupplyChain.Core.Policy;

namespace SupplyChain.Core.Tests.Policy;

/// <summary>Licence expressions are evaluated over the whole expression; unknown and malformed are their own verdicts.</summary>
public class LicenseEvaluatorTests
{
    private static LicenseRule Rule(string[] allow, string[]? deny = null)
        => new(1, allow, deny ?? Array.Empty<string>(), UnknownDecision.Deny);

    private static LicenseVerdict Eval(string? expression, LicenseRule rule, string? url = null, string? file = null)
        => LicenseEvaluator.Evaluate(new DeclaredLicense(expression, url, file), rule).Verdict;

    [Theory]
    [InlineData("MIT OR GPL-3.0-only", LicenseVerdict.Allowed)]
    [InlineData("GPL-3.0-only OR MIT", LicenseVerdict.Allowed)]
    [InlineData("MIT AND GPL-3.0-only", LicenseVerdict.NotAllowed)]
    [InlineData("MIT AND Apache-2.0", LicenseVerdict.Allowed)]
    [InlineData("(MIT OR GPL-3.0-only) AND Apache-2.0", LicenseVerdict.Allowed)]
    [InlineData("(MIT AND GPL-3.0-only) OR BSD-3-Clause", LicenseVerdict.NotAllowed)]
    [InlineData("mit", LicenseVerdict.Allowed)]
    [InlineData("GPL-3.0-only", LicenseVerdict.NotAllowed)]
    public void Expression_WithAllowList_AndNeedsAll_OrNeedsOne(string expression, LicenseVerdict expected)
        => Assert.Equal(expected, Eval(expression, Rule(new[] { "MIT", "Apache-2.0" })));

    [Theory]
    [InlineData("GPL-3.0-or-later")]
    [InlineData("GPL-3.0+")]
    [InlineData("LGPL-2.1-or-later")]
    public void OrLaterLicence_WhoseFamilyIsNotAllowed_IsNotAllowed(string expression)
        => Assert.Equal(LicenseVerdict.NotAllowed, Eval(expression, Rule(new[] { "MIT", "Apache-2.0" })));

    [Theory]
    [InlineData("MIT OR GPL-3.0-only", LicenseVerdict.Allowed)]
    [InlineData("MIT AND GPL-3.0-only", LicenseVerdict.NotAllowed)]
    [InlineData("GPL-3.0-only WITH Classpath-exception-2.0", LicenseVerdict.NotAllowed)]
    [InlineData("GPL-3.0+", LicenseVerdict.NotAllowed)]
    [InlineData("LicenseRef-Contoso", LicenseVerdict.Allowed)]
    public void DenyList_WithoutAllowList_DeniesOnlyTheListed(string expression, LicenseVerdict expected)
        => Assert.Equal(expected, Eval(expression, Rule(Array.Empty<string>(), new[] { "GPL-3.0-only" })));

    [Fact]
    public void WithException_ListedWhole_IsAllowed_WhileTheBareLicenceIsNot()
    {
        var rule = Rule(new[] { "GPL-2.0-only WITH Classpath-exception-2.0" });
        Assert.Equal(LicenseVerdict.Allowed, Eval("GPL-2.0-only WITH Classpath-exception-2.0", rule));
        Assert.Equal(LicenseVerdict.NotAllowed, Eval("GPL-2.0-only", rule));
    }

    [Theory]
    [InlineData("GPL-3.0")]
    [InlineData("GPL-3.0+")]
    [InlineData("GPL-3.0-or-later")]
    [InlineData("GPL-3.0-only")]
    [InlineData("MIT AND GPL-3.0")]
    public void DeprecatedOrLaterSpelling_DoesNotWalkAroundADeny(string expression)
        => Assert.Equal(LicenseVerdict.NotAllowed, Eval(expression, Rule(Array.Empty<string>(), new[] { "GPL-3.0-only" })));

    [Fact]
    public void AllowingAVersion_AllowsItsOrLater_ButNotTheReverse()
    {
        Assert.Equal(LicenseVerdict.Allowed, Eval("LGPL-2.1-or-later", Rule(new[] { "LGPL-2.1-only" })));
        Assert.Equal(LicenseVerdict.Allowed, Eval("LGPL-2.1", Rule(new[] { "LGPL-2.1-only" })));
        Assert.Equal(LicenseVerdict.NotAllowed, Eval("LGPL-2.1-only", Rule(new[] { "LGPL-2.1-or-later" })));
    }

    [Fact]
    public void Deny_WinsOverAllow_ForTheSameLicence()
        => Assert.Equal(LicenseVerdict.NotAllowed, Eval("MIT", Rule(new[] { "MIT" }, new[] { "MIT" })));

    [Theory]
    [InlineData("MIT OR")]
    [InlineData("(MIT")]
    [InlineData("MIT AND AND Apache-2.0")]
    [InlineData("NotALicense")]
    [InlineData("MIT WITH")]
    public void MalformedExpression_IsMalformed_NeverAllowed(string expression)
        => Assert.Equal(LicenseVerdict.Malformed, Eval(expression, Rule(Array.Empty<string>())));

    [Fact]
    public void UrlOnly_FileOnly_AndMissing_AreUnknown()
    {
        var rule = Rule(new[] { "MIT" });
        Assert.Equal(LicenseVerdict.Unknown, Eval(null, rule, url: "https://licenses.nuget.org/MIT"));
        Assert.Equal(LicenseVerdict.Unknown, Eval(null, rule, file: "LICENSE.txt"));
        Assert.Equal(LicenseVerdict.Unknown, Eval(null, rule));
    }

    [Fact]
    public void NotAllowed_NamesEachFailingChoice()
    {
        var result = LicenseEvaluator.Evaluate(new DeclaredLicense("GPL-3.0-only OR AGPL-3.0-only", null, null), Rule(new[] { "MIT" }));
        Assert.Contains("GPL-3.0-only is not in the allow list", result.Reason, StringComparison.Ordinal);
        Assert.Contains("AGPL-3.0-only is not in the allow list", result.Reason, StringComparison.Ordinal);
    }

    private static string Reason(string? expression, LicenseRule rule, string? url = null, string? file = null)
        => LicenseEvaluator.Evaluate(new DeclaredLicense(expression, url, file), rule).Reason;

    [Fact]
    public void Unknown_SaysWhatThePackageDeclaresInstead()
    {
        var rule = Rule(new[] { "MIT" });
        Assert.Equal("only a licence file, 'LICENSE.txt'", Reason(null, rule, url: "https://example.test/l", file: "LICENSE.txt"));
        Assert.Equal("only a licence URL, https://licenses.nuget.org/MIT", Reason(null, rule, url: "https://licenses.nuget.org/MIT"));
        Assert.Equal("no licence", Reason(null, rule));
    }

    [Fact]
    public void Malformed_GivesTheParsersReason()
        => Assert.Equal(
            "'NotALicense' is not a license identifier of the SPDX license list " + SupplyChain.Core.Sbom.SpdxLicenseList.ListVersion + " nor a LicenseRef-",
            Reason("NotALicense", Rule(Array.Empty<string>())));

    [Fact]
    public void NotAllowed_NamesEachFailingChoiceOnce_InOrder()
    {
        Assert.Equal("allowed", Reason("MIT", Rule(new[] { "MIT" })));
        Assert.Equal(
            "GPL-3.0-only is not in the allow list; AGPL-3.0-only is not in the allow list",
            Reason("GPL-3.0-only OR AGPL-3.0-only OR GPL-3.0-only", Rule(new[] { "MIT" })));
        Assert.Equal("GPL-3.0-only is denied", Reason("GPL-3.0-only", Rule(Array.Empty<string>(), new[] { "GPL-3.0-only" })));
    }

    [Theory]
    [InlineData("GPL-3.0+")]
    [InlineData("GPL-3.0-or-later")]
    public void OrLaterListed_AllowsTheOrLaterLicence_InEitherSpelling(string expression)
    {
        var rule = Rule(new[] { "GPL-3.0-or-later" });
        Assert.Equal(LicenseVerdict.Allowed, Eval(expression, rule));
        Assert.Equal(LicenseVerdict.NotAllowed, Eval("GPL-3.0-only", rule));
        Assert.Equal("GPL-3.0+ is not in the allow list", Reason("GPL-3.0+", Rule(new[] { "MIT" })));
    }

    [Fact]
    public void PlusSuffix_OnAnIdThatIsNotListedWithIt_MeansOrLater()
    {
        // "GPL-3.0+" is itself a (deprecated) listed id; "MPL-1.1+" is "MPL-1.1" with the "or later" suffix.
        Assert.Equal(LicenseVerdict.Allowed, Eval("MPL-1.1+", Rule(new[] { "MPL-1.1+" })));
        Assert.Equal(LicenseVerdict.NotAllowed, Eval("MPL-1.1", Rule(new[] { "MPL-1.1+" })));
        Assert.Equal("MPL-1.1+ is not in the allow list", Reason("MPL-1.1+", Rule(new[] { "MIT" })));
        Assert.True(LicenseEvaluator.TryNormalizeListEntry("mpl-1.1+", out var canonical));
        Assert.Equal("MPL-1.1+", canonical);
    }

    [Theory]
    [InlineData("GPL-3.0-only")]
    [InlineData("GPL-3.0")]
    [InlineData("GPL-3.0+")]
    public void DenyingTheOrLaterLicence_DeniesEveryVersionChoiceOfItsFamily(string expression)
        => Assert.Equal(LicenseVerdict.NotAllowed, Eval(expression, Rule(Array.Empty<string>(), new[] { "GPL-3.0-or-later" })));

    [Fact]
    public void WithException_IsJudgedByItsLicence_WhenTheWholeIsNotListed()
    {
        const string Expression = "GPL-2.0-only WITH Classpath-exception-2.0";
        Assert.Equal(LicenseVerdict.NotAllowed, Eval(Expression, Rule(new[] { "MIT" })));
        Assert.Equal("GPL-2.0-only is not in the allow list", Reason(Expression, Rule(new[] { "MIT" })));
        Assert.Equal(LicenseVerdict.Allowed, Eval(Expression, Rule(new[] { "GPL-2.0-only" })));
    }

    [Fact]
    public void WithException_DeniedWhole_IsDenied_EvenWhenItsLicenceIsAllowed()
    {
        const string Expression = "GPL-2.0-only WITH Classpath-exception-2.0";
        var rule = Rule(new[] { "GPL-2.0-only" }, new[] { Expression });
        Assert.Equal(LicenseVerdict.NotAllowed, Eval(Expression, rule));
        Assert.Equal(Expression + " is denied", Reason(Expression, rule));
        Assert.Equal(LicenseVerdict.Allowed, Eval("GPL-2.0-only", rule));
    }

    [Fact]
    public void WithException_AllowedWhole_IsStillDenied_WhenItsLicenceFamilyIsDenied()
    {
        const string Expression = "GPL-2.0-only WITH Classpath-exception-2.0";
        var rule = Rule(new[] { Expression }, new[] { "GPL-2.0-or-later" });
        Assert.Equal(LicenseVerdict.NotAllowed, Eval(Expression, rule));
        Assert.Equal("GPL-2.0-only is denied", Reason(Expression, rule));
    }

    [Theory]
    [InlineData("mit", "MIT")]
    [InlineData("gpl-3.0+", "GPL-3.0+")]
    [InlineData("LicenseRef-Contoso", "LicenseRef-Contoso")]
    [InlineData("gpl-2.0-only with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    public void ListEntry_OfOneLicence_IsNormalisedToCanonicalCase(string text, string expected)
    {
        Assert.True(LicenseEvaluator.TryNormalizeListEntry(text, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("MIT OR Apache-2.0")]
    [InlineData("MIT AND Apache-2.0")]
    [InlineData("NotALicense")]
    [InlineData("")]
    public void ListEntry_ThatIsNotOneLicence_IsRefused_WithNoCanonicalForm(string text)
    {
        Assert.False(LicenseEvaluator.TryNormalizeListEntry(text, out var canonical));
        Assert.Equal(string.Empty, canonical);
    }

    [Fact]
    public void NullArguments_AreAProgrammingError_NotAnUnknownLicence()
    {
        Assert.Throws<ArgumentNullException>(() => LicenseEvaluator.Evaluate(null!, Rule(Array.Empty<string>())));
        Assert.Throws<ArgumentNullException>(() => LicenseEvaluator.Evaluate(DeclaredLicense.None, null!));
    }
}
