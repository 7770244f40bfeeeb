-- The clause and consent registry (seed 002, "Rejestr zgód / klauzul") and the public forms consents are
-- given on: newsletter, contact and product questions, product alerts, information pages.

CREATE TYPE "ClausePosition" AS ENUM ('CUSTOMER_REGISTRATION', 'REGISTRATION_ORDER', 'ORDER', 'ORDER_OPINEO', 'ORDER_CENEO', 'NEWSLETTER', 'NEWSLETTER_ORDER_REGISTRATION', 'CONTACT_FORM', 'ASK_ABOUT_PRODUCT', 'PRICE_ALERT', 'AVAILABILITY_ALERT', 'OPEN_DISCUSSION', 'FILE_CLAIM', 'FILE_IP_REPORT');
CREATE TYPE "ClauseType" AS ENUM ('MANDATORY_CONSENT', 'OPTIONAL_CONSENT', 'INFORMATION_CLAUSE');
CREATE TYPE "ConsentChoice" AS ENUM ('ACCEPTED', 'DECLINED', 'DISPLAYED', 'WITHDRAWN');
CREATE TYPE "ConsentSubject" AS ENUM ('CUSTOMER', 'ORDER', 'NEWSLETTER', 'PRODUCT_ALERT', 'QUESTION', 'DISCUSSION', 'CLAIM', 'IP_NOTICE');
CREATE TYPE "ConsentForm" AS ENUM ('REGISTRATION', 'ORDER', 'NEWSLETTER', 'CONTACT', 'ASK_ABOUT_PRODUCT', 'PRICE_ALERT', 'AVAILABILITY_ALERT', 'OPEN_DISCUSSION', 'FILE_CLAIM', 'FILE_IP_REPORT', 'PRIVACY_SETTINGS');
CREATE TYPE "QuestionKind" AS ENUM ('CONTACT', 'PRODUCT');
CREATE TYPE "QuestionStatus" AS ENUM ('OPEN', 'ANSWERED', 'CLOSED');
CREATE TYPE "ProductAlertKind" AS ENUM ('PRICE_CHANGE', 'AVAILABILITY');

CREATE TABLE "Clause" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "description" TEXT NOT NULL,
    "position" "ClausePosition" NOT NULL,
    "type" "ClauseType" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" UUID,
    CONSTRAINT "Clause_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Clause_priority_range" CHECK ("priority" BETWEEN 0 AND 256)
);
CREATE INDEX "Clause_position_active_priority_idx" ON "Clause"("position", "active", "priority");
-- The newsletter–order/registration position holds at most one clause (seed 002).
CREATE UNIQUE INDEX "Clause_one_newsletter_reveal" ON "Clause"("position") WHERE "position" = 'NEWSLETTER_ORDER_REGISTRATION';

CREATE TABLE "ClauseVersion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "clauseId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "type" "ClauseType" NOT NULL,
    "content" TEXT NOT NULL,
    "contentHash" CHAR(64) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID,
    CONSTRAINT "ClauseVersion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ClauseVersion_clauseId_version_key" ON "ClauseVersion"("clauseId", "version");
ALTER TABLE "ClauseVersion" ADD CONSTRAINT "ClauseVersion_clauseId_fkey" FOREIGN KEY ("clauseId") REFERENCES "Clause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ConsentRecord" (
    "id" BIGSERIAL NOT NULL,
    "submissionId" UUID NOT NULL,
    "form" "ConsentForm" NOT NULL,
    "clauseId" UUID NOT NULL,
    "clauseVersionId" UUID NOT NULL,
    "position" "ClausePosition" NOT NULL,
    "clauseType" "ClauseType" NOT NULL,
    "choice" "ConsentChoice" NOT NULL,
    "subjectType" "ConsentSubject" NOT NULL,
    "subjectId" UUID NOT NULL,
    "userId" UUID,
    "email" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ipAddress" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "pageUrl" TEXT,
    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ConsentRecord_subjectType_subjectId_at_idx" ON "ConsentRecord"("subjectType", "subjectId", "at");
CREATE INDEX "ConsentRecord_userId_at_idx" ON "ConsentRecord"("userId", "at");
CREATE INDEX "ConsentRecord_clauseId_idx" ON "ConsentRecord"("clauseId");
CREATE INDEX "ConsentRecord_clauseVersionId_idx" ON "ConsentRecord"("clauseVersionId");
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_clauseVersionId_fkey" FOREIGN KEY ("clauseVersionId") REFERENCES "ClauseVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The evidence cannot be rewritten: a version's wording and a consent record stay as they were written.
CREATE FUNCTION clause_version_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ClauseVersion rows are never changed (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "ClauseVersion_immutable" BEFORE UPDATE ON "ClauseVersion"
  FOR EACH ROW EXECUTE FUNCTION clause_version_is_immutable();
CREATE FUNCTION consent_record_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ConsentRecord is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "ConsentRecord_append_only" BEFORE UPDATE OR DELETE ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION consent_record_is_append_only();

CREATE TABLE "InfoPage" (
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" UUID,
    CONSTRAINT "InfoPage_pkey" PRIMARY KEY ("slug")
);

CREATE TABLE "NewsletterSubscriber" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "userId" UUID,
    "locale" TEXT NOT NULL DEFAULT 'pl',
    "subscribedAt" TIMESTAMPTZ(3) NOT NULL,
    "unsubscribedAt" TIMESTAMPTZ(3),
    CONSTRAINT "NewsletterSubscriber_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "NewsletterSubscriber_email_key" ON "NewsletterSubscriber"("email");
CREATE INDEX "NewsletterSubscriber_subscribedAt_idx" ON "NewsletterSubscriber"("subscribedAt");

CREATE TABLE "CustomerQuestion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "QuestionKind" NOT NULL,
    "status" "QuestionStatus" NOT NULL DEFAULT 'OPEN',
    "offerId" UUID,
    "userId" UUID,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'pl',
    "answer" TEXT,
    "answeredById" UUID,
    "answeredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "CustomerQuestion_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CustomerQuestion_kind_status_createdAt_idx" ON "CustomerQuestion"("kind", "status", "createdAt");
CREATE INDEX "CustomerQuestion_offerId_createdAt_idx" ON "CustomerQuestion"("offerId", "createdAt");
CREATE INDEX "CustomerQuestion_userId_createdAt_idx" ON "CustomerQuestion"("userId", "createdAt");
CREATE INDEX "CustomerQuestion_email_idx" ON "CustomerQuestion"("email");

CREATE TABLE "ProductAlert" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "ProductAlertKind" NOT NULL,
    "offerId" UUID NOT NULL,
    "userId" UUID,
    "email" TEXT NOT NULL,
    "priceAmount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'PLN',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "notifiedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    CONSTRAINT "ProductAlert_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ProductAlert_offerId_kind_idx" ON "ProductAlert"("offerId", "kind");
CREATE INDEX "ProductAlert_userId_createdAt_idx" ON "ProductAlert"("userId", "createdAt");
CREATE INDEX "ProductAlert_email_idx" ON "ProductAlert"("email");

CREATE TABLE "FormRateLimit" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "FormRateLimit_pkey" PRIMARY KEY ("key", "windowStart")
);
CREATE INDEX "FormRateLimit_windowStart_idx" ON "FormRateLimit"("windowStart");

-- Order numbers for orders placed through the checkout form.
CREATE SEQUENCE "web_order_number_seq" START 1;

-- The information pages clauses link to; a privacy policy exists from the start.
INSERT INTO "InfoPage" ("slug", "title", "content") VALUES
  ('privacy-policy', 'Polityka prywatności',
   '<h2>Kto jest administratorem danych</h2><p>Administratorem danych osobowych użytkowników platformy jest operator serwisu. Dane przetwarzamy w celu zawarcia i wykonania umowy, obsługi zgłoszeń i reklamacji, ochrony praw oraz wypełnienia obowiązków prawnych.</p><h2>Prawa osób, których dane dotyczą</h2><p>Każdej osobie przysługuje prawo dostępu do danych, ich sprostowania, usunięcia, ograniczenia przetwarzania, przenoszenia danych, sprzeciwu oraz wycofania zgody w dowolnym momencie, bez wpływu na zgodność z prawem przetwarzania dokonanego przed jej wycofaniem.</p><h2>Kontakt</h2><p>W sprawach danych osobowych można pisać przez formularz kontaktowy.</p>'),
  ('terms', 'Regulamin',
   '<h2>Postanowienia ogólne</h2><p>Regulamin określa zasady korzystania z platformy, składania zamówień, prowadzenia dyskusji ze sprzedającymi oraz korzystania z Programu Ochrony Kupujących.</p>');
