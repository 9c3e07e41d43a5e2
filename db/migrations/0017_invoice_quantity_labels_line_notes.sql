ALTER TABLE "invoice_lines" ADD COLUMN "quantity_label_zh" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "quantity_label_en" text;--> statement-breakpoint
ALTER TABLE "service_order_lines" ADD COLUMN "note" text DEFAULT '' NOT NULL;