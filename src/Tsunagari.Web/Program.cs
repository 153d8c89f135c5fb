using Tsunagari.Web;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = RepositoryLayout.Locate().WebRoot,
});

builder.AddTsunagari();

var app = builder.Build();

app.UseTsunagari();
await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
