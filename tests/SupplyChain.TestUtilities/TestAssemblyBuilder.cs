using System;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;

namespace SupplyChain.TestUtilities;

/// <summary>
/// Writes a small, real .NET Standard 2.0 assembly in-process: one public static class <c>{AssemblyName}.Api</c> with a
/// static <c>Greeting()</c> method returning a string. It references only 'netstandard', so net8.0, net10.0 and
/// netstandard2.0 consumers compile against it. Deterministic: the same inputs give the same bytes.
/// </summary>
public static class TestAssemblyBuilder
{
    private static readonly byte[] s_netstandardPublicKeyToken = { 0xcc, 0x7b, 0x13, 0xff, 0xcf, 0xd2, 0xdd, 0xd1 };

    public static byte[] Build(string assemblyName, string greeting, Version? version = null)
    {
        var metadata = new MetadataBuilder();
        var mvid = new Guid(MD5.HashData(Encoding.UTF8.GetBytes(assemblyName + "|" + greeting + "|" + version)));
        metadata.AddModule(0, metadata.GetOrAddString(assemblyName + ".dll"), metadata.GetOrAddGuid(mvid), default, default);
        metadata.AddAssembly(metadata.GetOrAddString(assemblyName), version ?? new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.Sha1);
        var netstandard = metadata.AddAssemblyReference(
            metadata.GetOrAddString("netstandard"), new Version(2, 0, 0, 0), default, metadata.GetOrAddBlob(s_netstandardPublicKeyToken), default, default);
        var objectType = metadata.AddTypeReference(netstandard, metadata.GetOrAddString("System"), metadata.GetOrAddString("Object"));

        var signature = new BlobBuilder();
        new BlobEncoder(signature).MethodSignature().Parameters(0, returnType => returnType.Type().String(), _ => { });
        var code = new InstructionEncoder(new BlobBuilder());
        code.LoadString(metadata.GetOrAddUserString(greeting));
        code.OpCode(ILOpCode.Ret);
        var il = new BlobBuilder();
        var bodyOffset = new MethodBodyStreamEncoder(il).AddMethodBody(code);
        var method = metadata.AddMethodDefinition(
            MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
            MethodImplAttributes.IL,
            metadata.GetOrAddString("Greeting"),
            metadata.GetOrAddBlob(signature),
            bodyOffset,
            MetadataTokens.ParameterHandle(1));

        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), method);
        metadata.AddTypeDefinition(
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class | TypeAttributes.BeforeFieldInit,
            metadata.GetOrAddString(assemblyName),
            metadata.GetOrAddString("Api"),
            objectType,
            MetadataTokens.FieldDefinitionHandle(1),
            method);

        var pe = new ManagedPEBuilder(
            new PEHeaderBuilder(imageCharacteristics: Characteristics.Dll | Characteristics.ExecutableImage),
            new MetadataRootBuilder(metadata),
            il,
            flags: CorFlags.ILOnly,
            deterministicIdProvider: content =>
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                foreach (var blob in content)
                {
                    hash.AppendData(blob.GetBytes().ToArray());
                }

                return BlobContentId.FromHash(hash.GetHashAndReset());
            });
        var output = new BlobBuilder();
        pe.Serialize(output);
        return output.ToArray();
    }
}
