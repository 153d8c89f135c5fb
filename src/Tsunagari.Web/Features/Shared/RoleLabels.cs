using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Shared;

/// <summary>Resource keys (Japanese, the default culture) for role names shown in views.</summary>
public static class RoleLabels
{
    public static string Of(string role) => role switch
    {
        Roles.Resident => "住民",
        Roles.Volunteer => "ボランティア",
        Roles.Organizer => "居場所・サロンの運営者",
        Roles.Coordinator => "生活支援コーディネーター",
        Roles.CouncilMember => "協議体メンバー",
        Roles.Admin => "市町村の管理者",
        _ => role,
    };
}
