import { useMutation } from "@tanstack/react-query";
import { api, call } from "@/lib/api/client";

/** Emails a one-time sign-in link; the answer is the same whether or not the address has access. */
export const requestLink = (practice: string, email: string) =>
  call(api.POST("/portal/sign-in/request", { body: { practice, email } }));

export const useRequestLink = (practice: string) =>
  useMutation({ mutationFn: (email: string) => requestLink(practice, email) });
