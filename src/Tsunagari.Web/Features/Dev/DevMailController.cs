using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MimeKit;
using Tsunagari.Web.Infrastructure.Email;

namespace Tsunagari.Web.Features.Dev;

/// <summary>Development only: the mail written to <c>.data/mail/</c>, newest first, so links can be followed.</summary>
[Route("dev/mail")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class DevMailController(IWebHostEnvironment environment, IOptions<EmailOptions> options, RepositoryLayout layout) : Controller
{
    private string Directory => MailTransportFactory.PickupDirectory(options.Value, layout);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        var items = new List<DevMailListItem>();
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var file in new DirectoryInfo(Directory).GetFiles("*.eml").OrderByDescending(f => f.Name).Take(200))
            {
                var message = await MimeMessage.LoadAsync(file.FullName, ct);
                items.Add(new DevMailListItem(file.Name, message.Date, message.To.ToString(), message.Subject ?? ""));
            }
        }

        return View(items);
    }

    [HttpGet("{name}")]
    public async Task<IActionResult> Show(string name, CancellationToken ct)
    {
        if (!environment.IsDevelopment() || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || !name.EndsWith(".eml", StringComparison.Ordinal))
        {
            return NotFound();
        }

        var path = Path.Combine(Directory, name);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }

        var message = await MimeMessage.LoadAsync(path, ct);
        return View(new DevMailViewModel(name, message.Date, message.To.ToString(), message.Subject ?? "", message.TextBody ?? "",
            message.Attachments.Select(a => a.ContentType.MimeType + " " + (a.ContentDisposition?.FileName ?? "")).ToList()));
    }
}

public sealed record DevMailListItem(string Name, DateTimeOffset Date, string To, string Subject);

public sealed record DevMailViewModel(string Name, DateTimeOffset Date, string To, string Subject, string Text, IReadOnlyList<string> Attachments);
