/** Staff billing screens: settings, a case's and a payer's billing, invoices, balances and revenue. */
export { BillingSettingsScreen } from "./components/BillingSettingsScreen";
export { CaseBilling } from "./components/CaseBilling";
export { InvoiceScreen } from "./components/InvoiceScreen";
export { OutstandingScreen } from "./components/OutstandingScreen";
export { PayerBilling } from "./components/PayerBilling";
export { RevenueScreen } from "./components/RevenueScreen";
export { OUTSTANDING_PATH, REVENUE_PATH } from "./paths";
