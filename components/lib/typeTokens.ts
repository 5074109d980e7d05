/**
 * The type tokens of the resources the components register, and of those the pre-flight, the
 * offline plan and the tests look for, in one place.
 */
export const TYPE_TOKENS = {
  privateNetwork: "lambda-networking:index:PrivateNetwork",
  serviceEndpoints: "lambda-networking:index:ServiceEndpoints",
  vpcFunction: "lambda-networking:index:VpcFunction",
  lambdaInterfaceEndpoint: "lambda-networking:index:LambdaInterfaceEndpoint",
  vpcFlowLog: "lambda-networking:index:VpcFlowLog",
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  internetGatewayAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
  natGateway: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  managedPrefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  flowLog: "aws:ec2/flowLog:FlowLog",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  function: "aws:lambda/function:Function",
  role: "aws:iam/role:Role",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
} as const;
