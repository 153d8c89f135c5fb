using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Features.Accounts;

namespace Tsunagari.Web.Features.Api;

/// <summary>
/// Bearer-token sign-in for integrations, with Identity's own token format (the same as <c>MapIdentityApi</c>'s
/// login and refresh). Only these two are exposed: accounts are created through the site, with its confirmation.
/// </summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/auth").WithTags("Auth").RequireRateLimiting(Infrastructure.Web.RateLimits.SignIn);

        group.MapPost("/login", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (LoginRequest login, SignInManager<AppUser> signIn) =>
        {
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(login.Email, login.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.RequiresTwoFactor && !string.IsNullOrEmpty(login.TwoFactorCode))
            {
                result = await signIn.TwoFactorAuthenticatorSignInAsync(login.TwoFactorCode, rememberClient: false, isPersistent: false);
            }
            else if (result.RequiresTwoFactor && !string.IsNullOrEmpty(login.TwoFactorRecoveryCode))
            {
                result = await signIn.TwoFactorRecoveryCodeSignInAsync(login.TwoFactorRecoveryCode);
            }

            if (result.Succeeded)
            {
                return TypedResults.Empty; // the bearer handler has written the token response
            }

            return TypedResults.Problem(
                result switch
                {
                    { IsLockedOut: true } => "The account is locked out for a while after repeated failures.",
                    { RequiresTwoFactor: true } => "This account uses two-factor sign-in: send twoFactorCode (or twoFactorRecoveryCode) too.",
                    _ => "Wrong e-mail or password, or the e-mail is not confirmed.",
                },
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed");
        });

        group.MapPost("/refresh", async Task<Results<Ok<AccessTokenResponse>, UnauthorizedHttpResult, SignInHttpResult, ChallengeHttpResult>> (
            RefreshRequest refresh, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock) =>
        {
            var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
            var ticket = protector.Unprotect(refresh.RefreshToken);
            if (ticket?.Properties?.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
                || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
            {
                return TypedResults.Challenge();
            }

            var principal = await signIn.CreateUserPrincipalAsync(user);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        });

        return endpoints;
    }
}
