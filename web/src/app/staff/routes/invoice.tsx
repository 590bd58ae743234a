import { InvoiceScreen } from "@/features/billing";

export const Component = InvoiceScreen;
