import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Tx } from "../context";
import { DomainError, ErrorCode } from "../errors";
import { withoutBidiControls } from "../shared/validation";

// Attachments are checked by their content, not by the name or type the browser claims: only real
// JPEG/PNG/WebP images and PDFs are accepted. They are served with their sniffed type, as downloads
// (PDF) or inline images, never as HTML.
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_COUNT = 5;
export const ALLOWED_ATTACHMENT_TYPES: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
};

export interface UploadedFile {
  fileName: string;
  data: Uint8Array;
}

export interface CheckedFile {
  fileName: string;
  contentType: string;
  data: Uint8Array;
  sha256: string;
}

export async function checkUploads(files: UploadedFile[]): Promise<CheckedFile[]> {
  const present = files.filter((file) => file.data.byteLength > 0 || file.fileName);
  if (present.length > ATTACHMENT_MAX_COUNT) {
    throw new DomainError(ErrorCode.TOO_MANY_ATTACHMENTS, `At most ${ATTACHMENT_MAX_COUNT} files`, {
      fieldErrors: { attachments: [`At most ${ATTACHMENT_MAX_COUNT} files`] },
      params: { max: ATTACHMENT_MAX_COUNT },
    });
  }
  const checked: CheckedFile[] = [];
  for (const file of present) {
    if (file.data.byteLength > ATTACHMENT_MAX_BYTES) {
      throw new DomainError(ErrorCode.ATTACHMENT_TOO_LARGE, `${safeFileName(file.fileName)} is larger than 10 MB`, {
        fieldErrors: { attachments: [`${safeFileName(file.fileName)} is larger than 10 MB`] },
        params: { file: safeFileName(file.fileName), maxMb: 10 },
      });
    }
    const detected = file.data.byteLength ? await fileTypeFromBuffer(file.data) : undefined;
    if (!detected || !ALLOWED_ATTACHMENT_TYPES[detected.mime]) {
      throw new DomainError(ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED, `${safeFileName(file.fileName)} is not a JPEG, PNG, WebP or PDF file`, {
        fieldErrors: { attachments: [`${safeFileName(file.fileName)} is not a JPEG, PNG, WebP or PDF file`] },
        params: { file: safeFileName(file.fileName) },
      });
    }
    checked.push({
      fileName: withExtension(safeFileName(file.fileName), ALLOWED_ATTACHMENT_TYPES[detected.mime]),
      contentType: detected.mime,
      data: file.data,
      sha256: createHash("sha256").update(file.data).digest("hex"),
    });
  }
  return checked;
}

export async function storeAttachments(
  tx: Tx,
  owner: { discussionId: string; messageId: string; uploadedById: string; at: Date },
  files: CheckedFile[],
) {
  await storeFiles(tx, { links: { discussionId: owner.discussionId, messageId: owner.messageId }, uploadedById: owner.uploadedById, at: owner.at }, files);
}

/** What an attachment belongs to: one case's row (and, for rights, what the file proves). */
export interface AttachmentOwner {
  links: Partial<Record<"discussionId" | "messageId" | "claimId" | "rightId" | "reportItemId" | "appealId", string>>;
  /** PROOF, POWER_OF_ATTORNEY, CONTEST, EVIDENCE, INFORMATION (rights protection). */
  purpose?: string;
  uploadedById: string;
  at: Date;
}

/** Stores checked files for any case type, in the caller's transaction. */
export async function storeFiles(tx: Tx, owner: AttachmentOwner, files: CheckedFile[]) {
  if (!files.length) return;
  await tx.attachment.createMany({
    data: files.map((file) => ({
      ...owner.links,
      purpose: owner.purpose ?? null,
      uploadedById: owner.uploadedById,
      fileName: file.fileName,
      contentType: file.contentType,
      sizeBytes: file.data.byteLength,
      sha256: file.sha256,
      content: Buffer.from(file.data),
      createdAt: owner.at,
    })),
  });
}

/** Strips folders, control and quote characters; keeps letters with diacritics. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // Direction overrides too: "‮gnp.exe" would show as "exe.png".
  const cleaned = withoutBidiControls(base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")).trim().slice(0, 120);
  return cleaned || "file";
}

function withExtension(name: string, extension: string): string {
  return name.toLowerCase().endsWith(`.${extension}`) || (extension === "jpg" && /\.jpe?g$/i.test(name)) ? name : `${name}.${extension}`;
}
