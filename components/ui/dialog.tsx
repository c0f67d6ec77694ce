'use client';

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';

import { buttonClass } from './button';

const PANEL =
  'm-auto rounded-xl border border-border bg-panel p-0 text-text shadow-2xl backdrop:bg-black/40';

/**
 * Opens and closes a native <dialog> as modal with `open`, from React state; `onOpen` learns what
 * had the focus before (showModal moves it into the dialog).
 */
function useModalDialog(
  open: boolean,
  onOpen?: (dialog: HTMLDialogElement, opener: Element | null) => void,
) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement;
      dialog.showModal();
      onOpen?.(dialog, opener);
    }
    if (!open && dialog.open) dialog.close();
  }, [open, onOpen]);
  return ref;
}

/**
 * A modal dialog on the native <dialog>: focus is kept inside, Escape closes it, and the page
 * behind is inert — accessibility the browser already gets right.
 */
export function Modal({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-label={title}
      className={`${PANEL} w-[min(40rem,95vw)]`}
    >
      <div className="flex items-center justify-between border-b border-border px-5 py-3">
        <h2 className="text-base font-semibold">{title}</h2>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close"
          className="rounded px-2 text-lg leading-none text-muted hover:text-text"
        >
          ×
        </button>
      </div>
      <div className="max-h-[75vh] overflow-y-auto px-5 py-4">{open ? children : null}</div>
    </dialog>
  );
}

const CONFIRMED = 'confirm';

/**
 * "Are you sure?" before something that cannot be undone, in place of `window.confirm`: a modal
 * <dialog> (focus kept inside, the page behind inert) that starts on Cancel; Escape cancels, Tab
 * moves between the two buttons, Enter or Space answers.
 */
export function ConfirmDialog({
  question,
  details = [],
  confirmLabel,
  onAnswer,
}: {
  /** The question; `null` while nothing is asked. */
  question: string | null;
  /** What the answer affects, one line each (read with the question). */
  details?: string[];
  confirmLabel: string;
  onAnswer: (confirmed: boolean) => void;
}) {
  const questionId = useId();
  const detailsId = useId();
  const opener = useRef<HTMLElement | null>(null);
  // NOTE: a fresh question starts with no answer (Escape closes with none, so an earlier one must
  // not linger) and on Cancel: a slip of the Enter key keeps what it would have destroyed.
  const startOnCancel = useCallback((dialog: HTMLDialogElement, before: Element | null) => {
    opener.current = before instanceof HTMLElement ? before : null;
    dialog.returnValue = '';
    dialog.querySelector<HTMLButtonElement>('button[value="cancel"]')?.focus();
  }, []);
  const ref = useModalDialog(question !== null, startOnCancel);
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-labelledby={questionId}
      aria-describedby={details.length > 0 ? detailsId : undefined}
      // NOTE: the form's buttons close the dialog with their value; Escape closes it with none.
      onClose={(event) => {
        onAnswer(event.currentTarget.returnValue === CONFIRMED);
        // NOTE: back where the question came from, as window.confirm does (Chromium leaves focus
        // on the page's body).
        if (opener.current?.isConnected) opener.current.focus();
      }}
      // NOTE: Escape answers this question only; it must not reach the keys of what is around it
      // (the inspector closes on Escape), as it would not past window.confirm.
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
      className={`${PANEL} w-[min(28rem,95vw)]`}
    >
      <form method="dialog" className="space-y-4 px-5 py-4">
        <p id={questionId} className="text-sm font-semibold">
          {question}
        </p>
        {details.length > 0 && (
          <ul
            id={detailsId}
            className="list-disc space-y-1 pl-5 text-sm"
            data-testid="confirm-details"
          >
            {details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        )}
        <div className="flex justify-end gap-2">
          <button type="submit" value="cancel" className={buttonClass.action}>
            Cancel
          </button>
          <button type="submit" value={CONFIRMED} className={buttonClass.danger}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface Question {
  question: string;
  details: string[];
  confirmLabel: string;
  answer: (confirmed: boolean) => void;
}

/**
 * `confirm(question, label, details?)` resolves to the person's answer; render `confirmDialog` once, where
 * the asking component is.
 */
export function useConfirm() {
  const [asked, setAsked] = useState<Question | null>(null);
  const confirm = useCallback(
    (question: string, confirmLabel: string, details: string[] = []) =>
      new Promise<boolean>((answer) => setAsked({ question, details, confirmLabel, answer })),
    [],
  );
  const confirmDialog = (
    <ConfirmDialog
      question={asked?.question ?? null}
      details={asked?.details}
      confirmLabel={asked?.confirmLabel ?? ''}
      onAnswer={(confirmed) => {
        asked?.answer(confirmed);
        setAsked(null);
      }}
    />
  );
  return { confirm, confirmDialog };
}
