using Newtonsoft.Json;

namespace Greeter;

/// <summary>Says hello, as JSON.</summary>
public static class Greeting
{
    /// <summary>A greeting for <paramref name="name"/>.</summary>
    public static string For(string name) => JsonConvert.SerializeObject(new { hello = name });
}
