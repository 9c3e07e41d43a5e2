ALTER TABLE "invoice_lines" ADD COLUMN "quantity_label_zh" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "quantity_label_en" text;