import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { fieldErrorKey } from "~/components/helpers";

// The clause and information-page editor (Tiptap). Before the editor mounts (server render, hydration,
// no JavaScript) the field is a plain <textarea name="content"> holding the HTML, so the form works
// without it; once mounted, the editor replaces it and writes its HTML into a hidden input of the same
// name. The server sanitizes and checks whatever arrives — the checks here only spare the person a
// round trip.

export interface InfoPageOption {
  slug: string;
  title: string;
}

/** http(s) to another site, or a path on this site (never `//host` or `/\host`). Mirrors the server's rule. */
export function isEditorHref(href: string): boolean {
  const value = href.trim();
  if (value.startsWith("/")) return !value.startsWith("//") && !value.startsWith("/\\");
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && /^https?:\/\//i.test(value);
  } catch {
    return false;
  }
}

interface RichTextEditorProps {
  name?: string;
  label: string;
  defaultValue: string;
  hint?: string;
  errors?: string[];
  pages: readonly InfoPageOption[];
  id?: string;
}

export function RichTextEditor({ name = "content", label, defaultValue, hint, errors, pages, id }: RichTextEditorProps) {
  const { t } = useTranslation();
  const generated = useId();
  const fieldId = id ?? `field-${name}`;
  const labelId = `${generated}-label`;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [html, setHtml] = useState(defaultValue);
  const describedBy = [errors?.length ? `${fieldId}-error` : null, hint ? `${fieldId}-hint` : null].filter(Boolean).join(" ") || undefined;
  const editor = useEditor({
    immediatelyRender: false,
    shouldRerenderOnTransaction: true,
    // The page's Content-Security-Policy allows no inline <style>: the editor's styles are in app.css.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        codeBlock: false,
        horizontalRule: false,
        link: {
          openOnClick: false,
          autolink: true,
          // linkify knows http and https already; nothing else is registered, and isAllowedUri refuses
          // every other scheme (javascript:, data:, mailto:) when typing, pasting or loading.
          defaultProtocol: "https",
          isAllowedUri: (url) => isEditorHref(url),
          // No target on internal links; the server adds target/rel to external ones.
          HTMLAttributes: { target: null, rel: null, class: null },
        },
      }),
    ],
    content: defaultValue,
    editorProps: {
      attributes: {
        class: "rte__content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelId,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(errors?.length ? { "aria-invalid": "true" } : {}),
        "data-testid": "rte-content",
      },
    },
    onCreate: ({ editor }) => {
      // Whatever was typed into the plain field before the editor loaded is kept.
      const typed = textarea.current?.value;
      if (typed !== undefined && typed !== defaultValue) editor.commands.setContent(typed, { emitUpdate: false });
      setHtml(valueOf(editor));
    },
    onUpdate: ({ editor }) => setHtml(valueOf(editor)),
  });
  const errorText = useErrorText(errors);
  return (
    <div className={`field rte${errors?.length ? " field--invalid" : ""}`} data-testid="rich-text-editor" data-ready={editor ? "" : undefined}>
      {editor ? (
        <span className="rte__label" id={labelId}>
          {label}
        </span>
      ) : (
        <label htmlFor={fieldId} id={labelId}>
          {label}
        </label>
      )}
      {editor ? (
        <>
          <Toolbar editor={editor} pages={pages} />
          <div className="rte__frame">
            <EditorContent editor={editor} />
          </div>
          <input type="hidden" name={name} value={html} />
        </>
      ) : (
        <>
          <p className="field__hint">{t("clauses.editor.loading")}</p>
          <textarea
            ref={textarea}
            id={fieldId}
            name={name}
            defaultValue={defaultValue}
            rows={10}
            className="rte__fallback mono"
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={describedBy}
          />
        </>
      )}
      {hint ? (
        <p className="field__hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="field__error" id={`${fieldId}-error`}>
          {errorText}
        </p>
      ) : null}
    </div>
  );
}

/** An empty editor sends nothing, so the server answers "Required" rather than storing an empty paragraph. */
const valueOf = (editor: Editor) => (editor.isEmpty ? "" : editor.getHTML());

function useErrorText(errors?: string[]) {
  const { t } = useTranslation();
  return errors
    ?.map((message) => {
      const known = fieldErrorKey(message);
      return known ? t(known.key, { ...(known.params ?? {}), defaultValue: message }) : message;
    })
    .join(" ");
}

function Toolbar({ editor, pages }: { editor: Editor; pages: readonly InfoPageOption[] }) {
  const { t } = useTranslation();
  const [linkOpen, setLinkOpen] = useState(false);
  const [url, setUrl] = useState("");
  const [linkError, setLinkError] = useState(false);
  const urlId = useId();
  const mark = (label: string, active: boolean, run: () => void, glyph: React.ReactNode, testId: string) => (
    <button
      type="button"
      className={`rte__button${active ? " is-active" : ""}`}
      aria-label={label}
      title={label}
      aria-pressed={active}
      onClick={run}
      data-testid={testId}
    >
      {glyph}
    </button>
  );
  const applyLink = () => {
    const href = url.trim();
    if (!/^https?:\/\//i.test(href) || !isEditorHref(href)) {
      setLinkError(true);
      return;
    }
    insertLink(editor, href, href);
    setLinkOpen(false);
    setUrl("");
    setLinkError(false);
  };
  return (
    <div className="rte__toolbar" role="toolbar" aria-label={t("clauses.editor.toolbar")}>
      <div className="rte__group">
        {mark(t("clauses.editor.bold"), editor.isActive("bold"), () => editor.chain().focus().toggleBold().run(), <strong>B</strong>, "rte-bold")}
        {mark(t("clauses.editor.italic"), editor.isActive("italic"), () => editor.chain().focus().toggleItalic().run(), <em>I</em>, "rte-italic")}
        {mark(t("clauses.editor.underline"), editor.isActive("underline"), () => editor.chain().focus().toggleUnderline().run(), <u>U</u>, "rte-underline")}
      </div>
      <div className="rte__group">
        {mark(t("clauses.editor.bulletList"), editor.isActive("bulletList"), () => editor.chain().focus().toggleBulletList().run(), <span aria-hidden="true">• ≡</span>, "rte-bullets")}
        {mark(t("clauses.editor.orderedList"), editor.isActive("orderedList"), () => editor.chain().focus().toggleOrderedList().run(), <span aria-hidden="true">1. ≡</span>, "rte-numbers")}
      </div>
      <div className="rte__group">
        {mark(
          t("clauses.editor.link"),
          editor.isActive("link") || linkOpen,
          () => {
            const current = editor.getAttributes("link").href as string | undefined;
            setUrl(current && /^https?:/i.test(current) ? current : "https://");
            setLinkError(false);
            setLinkOpen((open) => !open);
          },
          <LinkGlyph />,
          "rte-link",
        )}
        <button
          type="button"
          className="rte__button"
          aria-label={t("clauses.editor.unlink")}
          title={t("clauses.editor.unlink")}
          disabled={!editor.isActive("link")}
          onClick={() => editor.chain().focus().extendMarkRange("link").unsetLink().run()}
          data-testid="rte-unlink"
        >
          <LinkGlyph broken />
        </button>
        {pages.length ? (
          <select
            className="rte__pages"
            aria-label={t("clauses.editor.pageLink")}
            title={t("clauses.editor.pageLink")}
            value=""
            data-testid="rte-page-link"
            onChange={(event) => {
              const page = pages.find((p) => p.slug === event.target.value);
              if (page) insertLink(editor, `/pages/${encodeURIComponent(page.slug)}`, page.title);
            }}
          >
            <option value="">{t("clauses.editor.choosePage")}</option>
            {pages.map((page) => (
              <option key={page.slug} value={page.slug}>
                {page.title}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {linkOpen ? (
        <div className="rte__link-form">
          <label htmlFor={urlId} className="visually-hidden">
            {t("clauses.editor.linkUrl")}
          </label>
          <input
            id={urlId}
            type="url"
            inputMode="url"
            value={url}
            placeholder="https://"
            autoFocus
            aria-invalid={linkError || undefined}
            aria-describedby={linkError ? `${urlId}-error` : undefined}
            onChange={(event) => {
              setUrl(event.target.value);
              setLinkError(false);
            }}
            onKeyDown={(event) => {
              // Enter applies the link instead of sending the whole form.
              if (event.key === "Enter") {
                event.preventDefault();
                applyLink();
              } else if (event.key === "Escape") {
                event.preventDefault();
                setLinkOpen(false);
                editor.commands.focus();
              }
            }}
            data-testid="rte-link-url"
          />
          <button type="button" className="button button--secondary button--sm" onClick={applyLink} data-testid="rte-link-apply">
            {t("clauses.editor.linkApply")}
          </button>
          <button type="button" className="button button--ghost button--sm" onClick={() => setLinkOpen(false)}>
            {t("clauses.editor.linkCancel")}
          </button>
          {linkError ? (
            <p className="field__error" id={`${urlId}-error`} role="alert">
              {t("clauses.editor.linkInvalid")}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Links the selection, or inserts `text` as a link when nothing is selected. */
function insertLink(editor: Editor, href: string, text: string) {
  const { empty } = editor.state.selection;
  if (empty && !editor.isActive("link")) {
    editor
      .chain()
      .focus()
      .insertContent([{ type: "text", text, marks: [{ type: "link", attrs: { href } }] }, { type: "text", text: " " }])
      .run();
  } else {
    editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
  }
}

/** The chain-link icon of the link buttons (broken: remove the link). */
function LinkGlyph({ broken }: { broken?: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" />
      <path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" />
      {broken ? <path d="M3 3l18 18" /> : null}
    </svg>
  );
}
