using System;
using System.Linq;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Tests.Sbom;

public class SpdxExpressionTests
{
    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit", "MIT")]
    [InlineData("  Apache-2.0  ", "Apache-2.0")]
    [InlineData("MIT OR Apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("MIT or Apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("MIT and Apache-2.0", "MIT AND Apache-2.0")]
    [InlineData("(MIT OR Apache-2.0)", "MIT OR Apache-2.0")]
    [InlineData("((MIT))", "MIT")]
    [InlineData("MIT OR Apache-2.0 AND BSD-3-Clause", "MIT OR (Apache-2.0 AND BSD-3-Clause)")]
    [InlineData("MIT AND Apache-2.0 OR BSD-3-Clause", "(MIT AND Apache-2.0) OR BSD-3-Clause")]
    [InlineData("MIT AND (Apache-2.0 OR BSD-3-Clause)", "MIT AND (Apache-2.0 OR BSD-3-Clause)")]
    [InlineData("MIT AND (Apache-2.0 AND BSD-3-Clause)", "MIT AND Apache-2.0 AND BSD-3-Clause")]
    [InlineData("MIT\tOR\n  Apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("(MIT)OR(Apache-2.0)", "MIT OR Apache-2.0")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("gpl-3.0-or-later with gcc-exception-3.1", "GPL-3.0-or-later WITH GCC-exception-3.1")]
    [InlineData("Apache-2.0 WITH LLVM-exception OR MIT", "Apache-2.0 WITH LLVM-exception OR MIT")]
    [InlineData("MIT AND Apache-2.0 WITH LLVM-exception", "MIT AND Apache-2.0 WITH LLVM-exception")]
    [InlineData("LGPL-2.1+", "LGPL-2.1+")]
    [InlineData("GPL-2.0+", "GPL-2.0+")]
    [InlineData("MPL-1.1+", "MPL-1.1+")]
    [InlineData("Apache-1.1+ WITH Bison-exception-2.2", "Apache-1.1+ WITH Bison-exception-2.2")]
    [InlineData("LicenseRef-Contoso-1.0", "LicenseRef-Contoso-1.0")]
    [InlineData("licenseref-contoso.1", "LicenseRef-contoso.1")]
    [InlineData("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2")]
    [InlineData("MIT WITH AdditionRef-Contoso-exception", "MIT WITH AdditionRef-Contoso-exception")]
    [InlineData("LicenseRef-X WITH Classpath-exception-2.0", "LicenseRef-X WITH Classpath-exception-2.0")]
    public void Parse_ValidExpression_IsNormalised(string text, string normalised)
    {
        var result = SpdxExpression.Parse(text);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(normalised, result.Normalized);
        Assert.True(SpdxExpression.TryParse(normalised, out var again));
        Assert.Equal(normalised, again.ToString());
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("Apache 2", "'Apache' is not a license identifier")]
    [InlineData("MIT License", "'License' is not expected")]
    [InlineData("NotALicense-1.0", "'NotALicense-1.0' is not a license identifier")]
    [InlineData("MIT OR", "ends where a license was expected")]
    [InlineData("OR MIT", "the operator 'OR' comes where a license was expected")]
    [InlineData("MIT AND AND Apache-2.0", "the operator 'AND'")]
    [InlineData("MIT Or Apache-2.0", "must be written in upper case")]
    [InlineData("MIT oR Apache-2.0", "must be written in upper case")]
    [InlineData("(MIT And Apache-2.0)", "must be written in upper case")]
    [InlineData("MIT With LLVM-exception", "must be written in upper case")]
    [InlineData("(MIT OR Apache-2.0", "'(' is not closed")]
    [InlineData("MIT OR Apache-2.0)", "')' has no matching '('")]
    [InlineData("()", "')' comes where a license was expected")]
    [InlineData("MIT WITH", "exception must follow WITH")]
    [InlineData("MIT WITH Apache-2.0", "is a license, not a license exception")]
    [InlineData("MIT WITH Not-An-Exception", "not a license exception identifier")]
    [InlineData("Classpath-exception-2.0", "is a license exception and may only follow WITH")]
    [InlineData("(MIT OR Apache-2.0) WITH LLVM-exception", "WITH must follow a single license")]
    [InlineData("MIT WITH LLVM-exception WITH Classpath-exception-2.0", "'WITH' is not expected")]
    [InlineData("MIT +", "'+' is not expected")]
    [InlineData("MIT/Apache-2.0", "'MIT/Apache-2.0' is not a license identifier")]
    [InlineData("MIT,Apache-2.0", "not a license identifier")]
    [InlineData("LicenseRef-", "invalid LicenseRef- name")]
    [InlineData("LicenseRef-a_b", "invalid LicenseRef- name")]
    [InlineData("LicenseRef-X+", "invalid LicenseRef- name")]
    [InlineData("DocumentRef-x", "no LicenseRef- after ':'")]
    [InlineData("DocumentRef-:LicenseRef-x", "invalid DocumentRef- name")]
    [InlineData("DocumentRef-x:AdditionRef-y", "must continue with LicenseRef-")]
    [InlineData("MIT WITH LicenseRef-y", "not a license exception identifier")]
    [InlineData("https://opensource.org/licenses/MIT", "not a license identifier")]
    public void Parse_InvalidExpression_IsRejectedWithAReason(string? text, string reasonPart)
    {
        var result = SpdxExpression.Parse(text);

        Assert.False(result.IsValid);
        Assert.Null(result.Expression);
        Assert.Contains(reasonPart, result.Error, StringComparison.Ordinal);
        Assert.False(SpdxExpression.TryParse(text, out _));
    }

    [Fact]
    public void Parse_DeepNesting_IsRejectedBeforeTheStackIs()
    {
        var deep = new string('(', 100_000) + "MIT" + new string(')', 100_000);
        var tooDeep = new string('(', SpdxExpression.MaxDepth + 1) + "MIT" + new string(')', SpdxExpression.MaxDepth + 1);
        var allowed = new string('(', SpdxExpression.MaxDepth) + "MIT" + new string(')', SpdxExpression.MaxDepth);

        Assert.Contains("longer than", SpdxExpression.Parse(deep).Error, StringComparison.Ordinal);
        Assert.Contains("nested deeper", SpdxExpression.Parse(tooDeep).Error, StringComparison.Ordinal);
        Assert.Equal("MIT", SpdxExpression.Parse(allowed).Normalized);
    }

    [Fact]
    public void Parse_LongChain_IsParsedWithoutRecursionPerOperand()
    {
        var chain = string.Join(" OR ", Enumerable.Repeat("MIT", 500));

        Assert.True(SpdxExpression.Parse(chain).IsValid);
    }

    [Theory]
    [InlineData("mit", "MIT")]
    [InlineData("(Apache-2.0)", "Apache-2.0")]
    [InlineData("GPL-2.0+", "GPL-2.0+")]
    [InlineData("LGPL-2.1+", "LGPL-2.1+")]
    [InlineData("MPL-1.1+", null)]
    [InlineData("MIT OR Apache-2.0", null)]
    [InlineData("LicenseRef-X", null)]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", null)]
    public void SingleLicenseId_IsSetOnlyForOneListedLicense(string text, string? id)
    {
        Assert.True(SpdxExpression.TryParse(text, out var expression));
        Assert.Equal(id, expression.SingleLicenseId);
    }

    [Fact]
    public void Parse_Tree_ExposesOperatorsAndOperands()
    {
        Assert.True(SpdxExpression.TryParse("MIT OR MPL-1.1+ AND GPL-2.0-only WITH Classpath-exception-2.0", out var expression));

        var or = Assert.IsType<SpdxCompoundExpression>(expression);
        Assert.Equal(SpdxOperator.Or, or.Operator);
        Assert.Equal("MIT", Assert.IsType<SpdxLicenseReference>(or.Left).Id);
        var and = Assert.IsType<SpdxCompoundExpression>(or.Right);
        Assert.Equal(SpdxOperator.And, and.Operator);
        var mpl = Assert.IsType<SpdxLicenseReference>(and.Left);
        Assert.Equal("MPL-1.1", mpl.Id);
        Assert.True(mpl.OrLater);
        Assert.False(mpl.IsLicenseRef);
        var with = Assert.IsType<SpdxWithException>(and.Right);
        Assert.Equal("GPL-2.0-only", with.License.Id);
        Assert.Equal("Classpath-exception-2.0", with.ExceptionId);
    }
}
