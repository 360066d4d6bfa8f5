// A relying party built on openid-client, driven by OidcEndToEndTests against the running platform.
// Usage: node rp.mjs <issuer> <client_id> <client_secret> <redirect_uri>
//   1. discovers the provider and prints {"authorizationUrl": "..."} (PKCE S256, state, nonce) on one line;
//   2. reads the callback URL (with ?code=…) from standard input: the test follows the authorization URL with a
//      signed-in browser session and hands back where it was redirected;
//   3. exchanges the code (client_secret_basic), lets openid-client validate the ID token (signature via JWKS,
//      iss, aud, exp, nonce, state, iss response parameter), calls userinfo;
//   4. refreshes (offline_access: the refresh token rotates), introspects the new access token, revokes the new
//      refresh token (RFC 7009) and checks that refreshing with it now fails with invalid_grant, then revokes the
//      refreshed access token; and prints the outcome as one JSON line.
// Any failure prints {"error": "..."} and exits 1.
import * as client from 'openid-client';
import { createInterface } from 'node:readline';

const [issuer, clientId, clientSecret, redirectUri] = process.argv.slice(2);

async function readLine() {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line.trim();
  }
  throw new Error('no callback URL on standard input');
}

try {
  if (!issuer || !clientId || !clientSecret || !redirectUri) {
    throw new Error('usage: node rp.mjs <issuer> <client_id> <client_secret> <redirect_uri>');
  }

  // Plain http is refused by default; the test server listens on http://127.0.0.1 only.
  const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
    execute: [client.allowInsecureRequests],
  });
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile offline_access catalog.read',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  console.log(JSON.stringify({ authorizationUrl: authorizationUrl.href }));

  const callback = new URL(await readLine());
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);

  // Refresh with rotation: a new access token and a new refresh token.
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  const introspection = await client.tokenIntrospection(config, refreshed.access_token);
  // Revoke the newest refresh token: its family is gone, so refreshing with it fails.
  await client.tokenRevocation(config, refreshed.refresh_token, { token_type_hint: 'refresh_token' });
  let refreshAfterRevocation = null;
  try {
    await client.refreshTokenGrant(config, refreshed.refresh_token);
    refreshAfterRevocation = 'succeeded';
  } catch (error) {
    refreshAfterRevocation = error?.error ?? `${error?.name}: ${error?.message}`;
  }
  // And the refreshed access token, which the platform API refuses from now on.
  await client.tokenRevocation(config, refreshed.access_token, { token_type_hint: 'access_token' });
  console.log(JSON.stringify({
    issuer: config.serverMetadata().issuer,
    tokenType: tokens.token_type,
    expiresIn: tokens.expires_in,
    scope: tokens.scope,
    claims,
    userinfo,
    accessToken: tokens.access_token,
    refreshTokenIssued: typeof tokens.refresh_token === 'string',
    refreshRotated: typeof refreshed.refresh_token === 'string' && refreshed.refresh_token !== tokens.refresh_token,
    refreshedScope: refreshed.scope,
    refreshedAccessToken: refreshed.access_token,
    introspection,
    refreshAfterRevocation,
  }));
} catch (error) {
  console.log(JSON.stringify({ error: `${error?.name}: ${error?.message}`, code: error?.code, cause: error?.cause?.message ?? null }));
  process.exit(1);
}
