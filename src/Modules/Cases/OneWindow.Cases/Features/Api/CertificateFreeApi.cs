using OneWindow.Shared.Web;
using OneWindow.Shared.Results;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Cases.Features.Setup;

namespace OneWindow.Cases.Features.Api;

/// <summary>Certificate-free service endpoints under /api/v1/cases: licences presented by identifier, commitments
/// (告知承诺) and their later check, and the per-item proofs and instant-approval configuration.</summary>
internal static class CertificateFreeApi
{
    public static void Map(RouteGroupBuilder signedIn)
    {
        signedIn.MapPost("/{id:long}/licences", (long id, PresentLicenceBody body, ClaimsPrincipal user, CaseProofs proofs, CancellationToken ct) =>
            CaseApi.RunApplicant(user, async a =>
            {
                var result = await proofs.PresentLicenceAsync(a, id, body.MaterialIndex, body.Identifier, ct);
                return result.Succeeded ? TypedResults.Ok(ProofResponse.From(result.Value!, staffView: false)) : result.Failure!.ToProblem();
            })).WithName("PresentCaseLicence").WithSummary("Use an e-licence (by identifier) instead of a material: valid, the applicant's own, of a type that proves it");
        signedIn.MapPost("/{id:long}/commitments", (long id, CommitmentBody body, ClaimsPrincipal user, CaseProofs proofs, CancellationToken ct) =>
            CaseApi.RunApplicant(user, async a =>
            {
                var result = await proofs.CommitAsync(a, id, body.MaterialIndex, sign: true, ct);
                return result.Succeeded ? TypedResults.Ok(ProofResponse.From(result.Value!, staffView: false)) : result.Failure!.ToProblem();
            })).WithName("SignCaseCommitment").WithSummary("告知承诺: sign the item's commitment instead of handing the material in");
        signedIn.MapDelete("/{id:long}/commitments/{materialIndex:int}", (long id, int materialIndex, ClaimsPrincipal user, CaseProofs proofs, CancellationToken ct) =>
            CaseApi.RunApplicant(user, async a =>
            {
                var result = await proofs.CommitAsync(a, id, materialIndex, sign: false, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.Failure!.ToProblem();
            })).WithName("WithdrawCaseCommitment").WithSummary("Withdraw a commitment (drafts and corrections)");
        signedIn.MapPost("/{id:long}/proofs/{proofId:long}/check", (long id, long proofId, CommitmentCheckBody body, ClaimsPrincipal user, CaseProofs proofs, CancellationToken ct) =>
            CaseApi.Run(user, a => proofs.CheckCommitmentAsync(a, id, proofId, body.Result, body.Note, ct))).WithName("CheckCaseCommitment").WithSummary("事后核查: record that a commitment was confirmed or false");
        signedIn.MapPut("/items/{itemId:long}/proofs", (long itemId, DefinitionBody body, ClaimsPrincipal user, ItemSetups s, CancellationToken ct) =>
            CaseApi.RunSetup(user, a => s.SaveProofsAsync(a, itemId, body.Raw, ct))).WithName("SaveItemProofs").WithSummary("Which materials e-licences / the registry prove and which accept a commitment (catalogue editor)");
        signedIn.MapPut("/items/{itemId:long}/instant", (long itemId, DefinitionBody body, ClaimsPrincipal user, ItemSetups s, CancellationToken ct) =>
            CaseApi.RunSetup(user, a => s.SaveInstantAsync(a, itemId, body.Raw, ct))).WithName("SaveItemInstantApproval").WithSummary("秒批 switch and rules (department admin)");
    }
}
