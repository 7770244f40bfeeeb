import { z } from "zod";
import { email } from "../identity/schemas";
import { PASSWORD_MIN_LENGTH } from "../identity/passwords.server";
import { nameText, optionalText, uuid } from "../shared/validation";

// The public shop's forms: checkout, registration and newsletter sign-up. Shared by the routes and the
// domain; the consent answers travel beside these (consentAnswersSchema).

/** The payment methods the shop's checkout offers. */
export const SHOP_PAYMENT_METHODS = ["PLATFORM_PAY", "BANK_TRANSFER", "CASH_ON_DELIVERY"] as const;
export type ShopPaymentMethod = (typeof SHOP_PAYMENT_METHODS)[number];

export const ORDER_QUANTITY_MAX = 10;
/** Shipping of a shop order, in minor units (a flat demo rate). */
export const SHOP_SHIPPING_AMOUNT = 1499;

export const SHOP_LOCALES = ["pl", "en"] as const;

/** Polish postal code: two digits, a dash, three digits. */
export const POSTAL_CODE = /^\d{2}-\d{3}$/;
export const POSTAL_CODE_MESSAGE = "Postal code as NN-NNN";
export const PHONE_MESSAGE = "Not a phone number";
export const PASSWORDS_DIFFER_MESSAGE = "The passwords differ";

const password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`).max(200, "At most 200 characters");
const checkbox = z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean());

export const checkoutSchema = z
  .object({
    offerId: uuid,
    quantity: z.coerce.number().int("A whole number").min(1, "At least 1").max(ORDER_QUANTITY_MAX, `At most ${ORDER_QUANTITY_MAX}`),
    name: nameText(2, 200),
    email,
    phone: optionalText(30).refine((value) => !value || /^\+?[0-9 ()-]{6,20}$/.test(value), PHONE_MESSAGE),
    street: nameText(2, 200),
    postalCode: z.string().trim().regex(POSTAL_CODE, POSTAL_CODE_MESSAGE),
    city: nameText(2, 100),
    paymentMethod: z.enum(SHOP_PAYMENT_METHODS),
    /** A guest's "create an account with this order". */
    createAccount: checkbox.default(false),
    password: z.string().max(200).optional(),
    locale: z.enum(SHOP_LOCALES).default("pl"),
  })
  .superRefine((data, ctx) => {
    if (!data.createAccount) return;
    const result = password.safeParse(data.password ?? "");
    if (!result.success) ctx.addIssue({ code: "custom", path: ["password"], message: result.error.issues[0].message });
  });
export type CheckoutInput = z.output<typeof checkoutSchema>;

export const registrationSchema = z
  .object({
    name: nameText(2, 200),
    email,
    password,
    passwordAgain: z.string().max(200),
    isCompany: checkbox.default(false),
    locale: z.enum(SHOP_LOCALES).default("pl"),
  })
  .refine((data) => data.password === data.passwordAgain, { path: ["passwordAgain"], message: PASSWORDS_DIFFER_MESSAGE });
export type RegistrationInput = z.output<typeof registrationSchema>;

export const newsletterSchema = z.object({
  email,
  locale: z.enum(SHOP_LOCALES).default("pl"),
});
