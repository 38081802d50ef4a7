import { LocalTime } from "@/components/ui/local-time";
import type { TimelineStep } from "@/lib/quarantine/timeline";

// What happened to the message, oldest first: reported, release requested by X (reason), approved
// by Y, released and delivered by the relay, or deleted / expired.
export function QuarantineTimeline({ steps }: { steps: TimelineStep[] }) {
  return (
    <ol className="space-y-3 px-4 py-3 text-sm" data-testid="quarantine-timeline">
      {steps.map((step, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a derived, ordered history
        <li key={index} className="flex gap-3" data-testid="timeline-step">
          <span className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-500" aria-hidden />
          <div className="min-w-0">
            <div>
              <span className="font-medium">{step.title}</span>
              {step.by ? <span className="text-slate-500"> · {step.by}</span> : null}
            </div>
            <div className="text-xs text-slate-500">
              <LocalTime value={step.at} />
            </div>
            {step.note ? <p className="mt-0.5 whitespace-pre-line break-words">{step.note}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
