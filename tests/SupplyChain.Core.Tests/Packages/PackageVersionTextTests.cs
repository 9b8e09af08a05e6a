using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Tests.Packages;

public class PackageVersionTextTests
{
    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1", "1.0.0")]
    [InlineData("1.0.0.0", "1.0.0")]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("10.29.0.143774", "10.29.0.143774")]
    [InlineData("1.0.0-Beta.2+sha.1", "1.0.0-Beta.2")]
    [InlineData(" 2.0 ", "2.0.0")]
    public void Normalize_Version_IsNuGetsForm(string text, string expected)
    {
        Assert.Equal(expected, PackageVersionText.Normalize(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.*")]
    [InlineData("1.0.0-")]
    [InlineData("a.b")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1..2")]
    [InlineData("1.0.0-be ta")]
    public void Normalize_NotAVersion_IsNull(string text)
    {
        Assert.Null(PackageVersionText.Normalize(text));
    }

    [Fact]
    public void AreEqual_IgnoresFormAndReleaseLabelCase()
    {
        Assert.True(PackageVersionText.AreEqual("1.0", "1.0.0.0"));
        Assert.True(PackageVersionText.AreEqual("1.0.0-BETA", "1.0.0-beta"));
        Assert.False(PackageVersionText.AreEqual("1.0.0", "1.0.1"));
        Assert.False(PackageVersionText.AreEqual(null, "1.0.0"));
    }
}
