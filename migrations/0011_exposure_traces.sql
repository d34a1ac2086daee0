CREATE TABLE "exposure_traces" (
	"address_key" text NOT NULL,
	"chain" text NOT NULL,
	"hops" integer NOT NULL,
	"head" text NOT NULL,
	"graph" jsonb NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exposure_traces_address_key_chain_hops_pk" PRIMARY KEY("address_key","chain","hops")
);
