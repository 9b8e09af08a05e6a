using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// The options every writing TUF verb shares (<c>--password-env</c>, <c>--expires</c>, <c>--lock-timeout</c>), and the
/// private-key options. Keys are private-key sources (a PEM file or <c>env:NAME</c>), with one optional password
/// variable for all of them; public keys are derived from them.
/// </summary>
internal sealed class TufCommandOptions
{
    private readonly string[] _expiryRoles;

    /// <param name="expiresDescription">The help of <c>--expires</c> for this verb.</param>
    /// <param name="expiryRoles">The kinds of role whose expiry this verb can set.</param>
    public TufCommandOptions(string expiresDescription, params string[] expiryRoles)
    {
        _expiryRoles = expiryRoles;
        Expires = new Option<string[]>("--expires")
        {
            Description = expiresDescription,
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
    }

    public Option<string?> PasswordEnvOption { get; } = new("--password-env") { Description = "The name of an environment variable with the password of encrypted keys." };

    public Option<string[]> Expires { get; }

    public Option<int> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "Seconds to wait for another writer of the repository.",
        DefaultValueFactory = _ => (int)RepositoryOptions.DefaultLockTimeout.TotalSeconds,
    };

    public Option<int> LeaseSeconds { get; } = new("--lease-seconds")
    {
        Description = "Blob repositories: the lease period of the writer lock in seconds (15 to 60); a killed writer's lock frees itself after it.",
        DefaultValueFactory = _ => (int)Core.Storage.BlobStorageOptions.DefaultLeaseDuration.TotalSeconds,
    };

    /// <summary>An option of private-key sources (a PEM file or <c>env:NAME</c>), repeated for several keys.</summary>
    public static Option<string[]> Keys(string name, string description, bool required = false)
        => new(name) { Description = description, Required = required, Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        command.Options.Add(PasswordEnvOption);
        command.Options.Add(Expires);
        command.Options.Add(LockTimeout);
        command.Options.Add(LeaseSeconds);
    }

    public string? PasswordEnv(ParseResult parse)
        => parse.GetValue(PasswordEnvOption) is { Length: > 0 } name ? KeyLoader.EnvironmentPrefix + name.Trim() : null;

    public RepositoryOptions Options(ParseResult parse, IDiagnosticSink sink, CommandContext context)
    {
        var seconds = parse.GetValue(LockTimeout);
        if (seconds < 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--lock-timeout", seconds.ToString(CultureInfo.InvariantCulture), "it is a number of seconds, 0 or more");
        }

        var lease = parse.GetValue(LeaseSeconds);
        if (lease is < 15 or > 60)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--lease-seconds", lease.ToString(CultureInfo.InvariantCulture), "the blob service grants leases of 15 to 60 seconds");
        }

        var expires = parse.GetValue(Expires);
        foreach (var item in expires ?? Array.Empty<string>())
        {
            // ROLE=DAYS itself is checked by the repository's settings; here only whether this verb signs ROLE.
            var separator = item.IndexOf('=', StringComparison.Ordinal);
            var role = (separator < 0 ? item : item[..separator]).Trim();
            if (RepositorySettings.ExpiryRoles.Contains(role, StringComparer.Ordinal) && !_expiryRoles.Contains(role, StringComparer.Ordinal))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--expires", item, $"'{parse.CommandResult.Command.Name}' does not sign '{role}' metadata; it sets the expiry of {string.Join(", ", _expiryRoles)}");
            }
        }

        return new RepositoryOptions
        {
            LockTimeout = TimeSpan.FromSeconds(seconds),
            BlobStorage = new Core.Storage.BlobStorageOptions { LeaseDuration = TimeSpan.FromSeconds(lease) },
            ExpiryOverrides = expires,
            Sink = sink,
            AfterWrite = context.AfterRepositoryWrite,
        };
    }
}
