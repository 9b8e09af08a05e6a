using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace SupplyChain.TestUtilities;

/// <summary>Runs child processes with an explicit, clean environment and a timeout.</summary>
public static class ProcessRunner
{
    /// <summary>Variables a child build must not inherit: MSBuild switches and CI markers change what the SDK does.</summary>
    private static readonly string[] s_toxicPrefixes = { "MSBUILD", "MSBuild", "DOTNET_", "NUGET_", "CI", "TF_BUILD", "GITHUB_", "GITLAB_", "SYSTEM_", "BUILD_", "SOURCE_DATE_EPOCH", "VSTEST", "TESTINGPLATFORM" };

    /// <summary>The environment of this process without the toxic variables.</summary>
    public static Dictionary<string, string> CleanEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!s_toxicPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                result[name] = (string?)entry.Value ?? string.Empty;
            }
        }

        result["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        result["DOTNET_NOLOGO"] = "1";
        result["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        result["MSBUILDDISABLENODEREUSE"] = "1";
        result["DOTNET_CLI_UI_LANGUAGE"] = "en";
        result["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        result["NUGET_CERT_REVOCATION_MODE"] = "offline";
        return result;
    }

    /// <summary>Runs a program to completion and returns what it did; kills it after the timeout.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string? binaryLogPath = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var pair in environment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        var commandLine = fileName + " " + string.Join(' ', start.ArgumentList);
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
            {
                output.AppendLine($"(killed after {timeout.TotalSeconds:0} s)");
            }

            return new ProcessResult(commandLine, -1, output.ToString(), binaryLogPath);
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(commandLine, process.ExitCode, output.ToString(), binaryLogPath);
        }
    }
}
