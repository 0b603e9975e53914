module scheduled-image-job-go

go 1.25

require (
	example.com/pulumi-sae/sdk/go v0.0.0-00010101000000-000000000000
	github.com/pulumi/pulumi/sdk/v3 v3.268.0
)

// Written by `pulumi package add` (or `pulumi install`): the SDK it generates into sdks/sae.
// Its module path is a placeholder that is never fetched.
replace example.com/pulumi-sae/sdk/go => ./sdks/sae
