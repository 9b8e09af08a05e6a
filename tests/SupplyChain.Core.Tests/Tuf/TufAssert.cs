using System;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

internal static class TufAssert
{
    /// <summary>Asserts that the action throws exactly <typeparamref name="T"/> with the expected code.</summary>
    public static T Rejects<T>(string code, Action action)
        where T : TufRepositoryException
    {
        var ex = Assert.Throws<T>(action);
        Assert.Equal(code, ex.Diagnostic.Code);
        Assert.EndsWith(".", ex.Message);
        return ex;
    }

    public static T Rejects<T>(string code, Func<object?> action)
        where T : TufRepositoryException
        => Rejects<T>(code, () => { _ = action(); });
}
