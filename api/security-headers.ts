/**
 * Security headers on every answer (helmet), and the headers of a stored file or document.
 *
 * The Content-Security-Policy allows scripts from this origin only (no inline script). It still
 * allows eval: Form.io's renderer compiles its templates and submit handling with it (with
 * `noeval` set, task forms no longer submit); the forms' own rules are JSON Logic, not code.
 * Styles inline as Element Plus,
 * Form.io and bpmn-js set them on elements, images from this origin and data:/blob: URLs (bpmn-js
 * exports, previews), and no framing of any page (frame-ancestors 'none').
 */
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** HSTS only behind TLS: a plain-http development server must not pin the browser to https. */
  https: boolean;
}

export function securityHeaders(opts: SecurityHeaderOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // the reviewer's preview of a PDF or image of the case (served by this origin)
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  });
}

/** Types a browser may show in place (the reviewer's preview); everything else is a download. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/**
 * The headers of a stored upload or generated document: its own type (sniffing off), shown in
 * place only when it is an image or a PDF, under a CSP that runs nothing and lets only this
 * origin frame it. Images are sandboxed as well; a PDF is not, as the browser's viewer will not
 * run in a sandbox.
 */
export function storedFileHeaders(res: Response, file: { mime: string; name: string }): void {
  const inline = INLINE.has(file.mime);
  res.setHeader('Content-Type', file.mime);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'${file.mime.startsWith('image/') ? '; sandbox' : ''}`,
  );
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('Cache-Control', 'private, no-store');
}
