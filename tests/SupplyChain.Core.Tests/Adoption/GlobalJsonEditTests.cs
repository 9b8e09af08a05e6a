using SupplyChain.Core.Adoption;

namespace SupplyChain.Core.Tests.Adoption;

/// <summary>--sdk-form pins the SDK in global.json, editing only the msbuild-sdks text.</summary>
public sealed class GlobalJsonEditTests
{
    [Fact]
    public void NoFile_BecomesAnMsBuildSdksFile()
        => Assert.Equal("{\n  \"msbuild-sdks\": {\n    \"S\": \"1.0.0\"\n  }\n}\n", GlobalJsonEdit.SetMsBuildSdk(null, "S", "1.0.0"));

    [Fact]
    public void AnSdkSection_KeepsItsText_AndGainsMsBuildSdks()
    {
        var before = "{\n    // the SDK we build with\n    \"sdk\": { \"version\": \"10.0.100\" }\n}\n";
        Assert.Equal("{\n    // the SDK we build with\n    \"sdk\": { \"version\": \"10.0.100\" },\n    \"msbuild-sdks\": {\n        \"S\": \"2.0.0\"\n    }\n}\n", GlobalJsonEdit.SetMsBuildSdk(before, "S", "2.0.0"));
    }

    [Fact]
    public void AnotherMsBuildSdk_IsKept_AndOursIsAdded()
    {
        var before = "{\n  \"msbuild-sdks\": {\n    \"Other\": \"1.0.0\"\n  }\n}\n";
        Assert.Equal("{\n  \"msbuild-sdks\": {\n    \"Other\": \"1.0.0\",\n    \"S\": \"2.0.0\"\n  }\n}\n", GlobalJsonEdit.SetMsBuildSdk(before, "S", "2.0.0"));
    }

    [Fact]
    public void AnOlderVersion_IsReplaced_AndTheSameVersionChangesNothing()
    {
        var before = "{ \"msbuild-sdks\": { \"S\": \"1.0.0\" } }";
        Assert.Equal("{ \"msbuild-sdks\": { \"S\": \"2.0.0\" } }", GlobalJsonEdit.SetMsBuildSdk(before, "S", "2.0.0"));
        Assert.Same(before, GlobalJsonEdit.SetMsBuildSdk(before, "S", "1.0.0"));
    }

    [Fact]
    public void NotAnObject_Throws()
        => Assert.ThrowsAny<System.Text.Json.JsonException>(() => GlobalJsonEdit.SetMsBuildSdk("[1]", "S", "1.0.0"));
}
