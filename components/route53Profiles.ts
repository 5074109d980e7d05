// The Route 53 Profiles resources alone (see aws.ts): the route53 module declares every Route 53
// resource, of which this package uses three.
export { ProfilesProfile } from "@pulumi/aws/route53/profilesProfile";
export { ProfilesAssociation } from "@pulumi/aws/route53/profilesAssociation";
export { ProfilesResourceAssociation } from "@pulumi/aws/route53/profilesResourceAssociation";
