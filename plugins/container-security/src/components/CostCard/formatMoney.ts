/** A monthly amount in the answer's currency, e.g. `$1,234.50`. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    // An unknown currency code from config: still show the figure.
    return `${amount.toFixed(2)} ${currency}`;
  }
}
