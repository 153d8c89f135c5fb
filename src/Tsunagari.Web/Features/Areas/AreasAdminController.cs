using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Areas;

/// <summary>Admins view the area tree and import it from CSV or GeoJSON.</summary>
[Route("staff/admin/areas")]
[Authorize(Policy = Policies.Admin)]
[AutoValidateAntiforgeryToken]
public sealed class AreasAdminController(AreaTree areas, ImportAreaTree import, UserGrants grants, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Manage(CancellationToken ct) =>
        View(new AreasAdminViewModel(await areas.AllInTreeOrderAsync(ct), null, null));

    [HttpPost("import")]
    [RequestSizeLimit(AreaFileReaders.MaxFileBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = AreaFileReaders.MaxFileBytes)]
    public async Task<IActionResult> Import(IFormFile? file, CancellationToken ct)
    {
        ImportAreaTree.Result result;
        if (file is null || file.Length == 0)
        {
            result = new ImportAreaTree.Result.Rejected([new(0, l["ファイルを選んでください。"])]);
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            var format = file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || file.FileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
                ? ImportAreaTree.Format.Csv
                : ImportAreaTree.Format.GeoJson;
            var scopes = (await grants.ScopesForAsync(User, Permission.ManageAreas, ct)).Select(g => g.AreaPath!).ToList();
            result = await import.HandleAsync(buffer.ToArray(), format, scopes, ct);
        }

        if (result is ImportAreaTree.Result.Rejected)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View(nameof(Manage), new AreasAdminViewModel(await areas.AllInTreeOrderAsync(ct), result, file?.FileName));
    }
}

public sealed record AreasAdminViewModel(IReadOnlyList<AreaListItem> Areas, ImportAreaTree.Result? ImportResult, string? FileName);
