/** The session cookie: httpOnly (no script reads it), SameSite=Lax, Secure when served over https. */

export const SESSION_COOKIE = 'tollbook_session';

/** Sessions last 30 days from their last renewal (seconds). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

export function sessionTokenFrom(headers: Headers): string | undefined {
  const cookie = headers.get('cookie');
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      // Tokens are base64url; anything else is forged and treated as no session.
      return /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function cookie(value: string, maxAgeS: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeS}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function setSessionCookie(resHeaders: Headers, token: string, secure: boolean): void {
  resHeaders.append('Set-Cookie', cookie(token, SESSION_MAX_AGE_S, secure));
}

export function clearSessionCookie(resHeaders: Headers, secure: boolean): void {
  resHeaders.append('Set-Cookie', cookie('', 0, secure));
}
