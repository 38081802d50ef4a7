"use client";

import { createContext, useContext } from "react";

// A dangerous action answered "step_up_required": the dashboard's "Confirm it's you" dialog
// (app/(dashboard)/_components/step-up-provider.tsx) opens with the server's message and, once
// the user has re-authenticated, runs `retry` (the same action with the same input).
export interface StepUpRequest {
  message: string;
  retry: () => void;
}

export const StepUpContext = createContext<((request: StepUpRequest) => void) | null>(null);

export const useStepUp = () => useContext(StepUpContext);
